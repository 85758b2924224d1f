import { createHmac } from 'node:crypto'
import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "camera_usage" ADD COLUMN "camera_key_id" varchar;
  ALTER TABLE "dunning_stream_holds" ADD COLUMN "camera_key_id" varchar;`)
  // The camera keys stored so far were made with the secret billing runs with now (payload.secret):
  // they get its key id (src/plugins/watcher/secrets.ts keyIdOf, written out here so that this
  // migration never changes), so that a later PAYLOAD_SECRET change without PAYLOAD_SECRET_PREVIOUS
  // is noticed by the usage collector instead of billing every camera again.
  const keyId = createHmac('sha256', payload.secret).update('watcher-billing/key-id', 'utf8').digest('hex').slice(0, 8)
  // one statement per call: a statement with parameters cannot be sent with another
  await db.execute(sql`UPDATE "camera_usage" SET "camera_key_id" = ${keyId} WHERE "camera_key_id" IS NULL`)
  await db.execute(sql`UPDATE "dunning_stream_holds" SET "camera_key_id" = ${keyId} WHERE "camera_key_id" IS NULL`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "camera_usage" DROP COLUMN "camera_key_id";
  ALTER TABLE "dunning_stream_holds" DROP COLUMN "camera_key_id";`)
}
