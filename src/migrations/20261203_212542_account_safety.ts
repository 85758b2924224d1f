import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "subscriptions" ADD COLUMN "watcher_create_requested_at" timestamp(3) with time zone;
  ALTER TABLE "organizations" ADD COLUMN "watcher_create_requested_at" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "adopt_watcher_user" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "watcher_create_requested_at" timestamp(3) with time zone;
  ALTER TABLE "users" DROP COLUMN "login_attempts";
  ALTER TABLE "users" DROP COLUMN "lock_until";`)
  // rate limits shared by every app replica (src/operations/rateLimit.ts); not a Payload collection
  await db.execute(sql`
   CREATE TABLE "rate_limits" (
    "key" text PRIMARY KEY,
    "window_start" timestamp(3) with time zone NOT NULL,
    "hits" integer NOT NULL
  );
  CREATE INDEX "rate_limits_window_start_idx" ON "rate_limits" ("window_start");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE "rate_limits";`)
  await db.execute(sql`
   ALTER TABLE "users" ADD COLUMN "login_attempts" numeric DEFAULT 0;
  ALTER TABLE "users" ADD COLUMN "lock_until" timestamp(3) with time zone;
  ALTER TABLE "subscriptions" DROP COLUMN "watcher_create_requested_at";
  ALTER TABLE "organizations" DROP COLUMN "watcher_create_requested_at";
  ALTER TABLE "users" DROP COLUMN "adopt_watcher_user";
  ALTER TABLE "users" DROP COLUMN "watcher_create_requested_at";`)
}
