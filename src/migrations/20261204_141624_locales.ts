import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_organizations_locale" AS ENUM('en', 'ru', 'es', 'pt');
  CREATE TYPE "public"."enum_users_locale" AS ENUM('en', 'ru', 'es', 'pt');
  CREATE TYPE "public"."enum_invoices_locale" AS ENUM('en', 'ru', 'es', 'pt');
  ALTER TABLE "organizations" ADD COLUMN "locale" "enum_organizations_locale" DEFAULT 'en';
  ALTER TABLE "users" ADD COLUMN "locale" "enum_users_locale";
  ALTER TABLE "invoices" ADD COLUMN "locale" "enum_invoices_locale";`)
  // every invoice issued so far was issued in English, and keeps it
  await db.execute(sql`UPDATE "invoices" SET "locale" = 'en' WHERE "status" <> 'draft';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "organizations" DROP COLUMN "locale";
  ALTER TABLE "users" DROP COLUMN "locale";
  ALTER TABLE "invoices" DROP COLUMN "locale";
  DROP TYPE "public"."enum_organizations_locale";
  DROP TYPE "public"."enum_users_locale";
  DROP TYPE "public"."enum_invoices_locale";`)
}
