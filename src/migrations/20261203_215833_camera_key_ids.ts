import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "camera_usage" ADD COLUMN "camera_key_id" varchar;
  ALTER TABLE "dunning_stream_holds" ADD COLUMN "camera_key_id" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "camera_usage" DROP COLUMN "camera_key_id";
  ALTER TABLE "dunning_stream_holds" DROP COLUMN "camera_key_id";`)
}
