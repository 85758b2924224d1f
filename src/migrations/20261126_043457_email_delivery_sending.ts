import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_email_deliveries_status" ADD VALUE 'sending' BEFORE 'sent';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   UPDATE "email_deliveries" SET "status" = 'failed' WHERE "status" = 'sending';
   ALTER TABLE "email_deliveries" ALTER COLUMN "status" SET DATA TYPE text;
  ALTER TABLE "email_deliveries" ALTER COLUMN "status" SET DEFAULT 'pending'::text;
  DROP TYPE "public"."enum_email_deliveries_status";
  CREATE TYPE "public"."enum_email_deliveries_status" AS ENUM('pending', 'retrying', 'sent', 'failed', 'skipped');
  ALTER TABLE "email_deliveries" ALTER COLUMN "status" SET DEFAULT 'pending'::"public"."enum_email_deliveries_status";
  ALTER TABLE "email_deliveries" ALTER COLUMN "status" SET DATA TYPE "public"."enum_email_deliveries_status" USING "status"::"public"."enum_email_deliveries_status";`)
}
