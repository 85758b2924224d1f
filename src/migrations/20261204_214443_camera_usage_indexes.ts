import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "camera_usage_updated_at_idx";
  DROP INDEX "camera_usage_created_at_idx";`)
  // Beyond Payload's schema (kept here by hand): the end of a camera's last closed interval, which
  // the usage collector looks up for every camera it sees without an open one (where the new
  // interval starts). Only closed intervals are in it: a first pull's million inserts skip it.
  await db.execute(sql`
  CREATE INDEX "camera_usage_closed_by_camera" ON "camera_usage" USING btree ("camera_key", "to") WHERE "to" IS NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX IF EXISTS "camera_usage_closed_by_camera";
   CREATE INDEX "camera_usage_updated_at_idx" ON "camera_usage" USING btree ("updated_at");
  CREATE INDEX "camera_usage_created_at_idx" ON "camera_usage" USING btree ("created_at");`)
}
