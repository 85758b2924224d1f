import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * The job worker's heartbeat (src/jobs/worker.ts): the leader writes its row every few seconds on
 * the connection that holds the runner lock, so that GET /api/health/ready on any machine can tell
 * a live leader from a hung one. Not a Payload collection: nobody edits it.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE IF NOT EXISTS "worker_heartbeats" (
  	"lock_key" bigint PRIMARY KEY NOT NULL,
  	"holder" varchar NOT NULL,
  	"since" timestamp(3) with time zone NOT NULL,
  	"beat_at" timestamp(3) with time zone NOT NULL
  );`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "worker_heartbeats";`)
}
