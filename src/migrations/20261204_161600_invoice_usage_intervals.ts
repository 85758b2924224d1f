import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * The invoice drill-down's frozen camera time (src/invoicing/drillDownStore.ts): written when an
 * invoice is issued. Not a collection: only the drill-down reads it, through its own SQL. Invoices
 * issued before this migration get theirs from camera usage as it is now (the best there is).
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "invoice_usage_intervals" (
    "invoice_id" integer NOT NULL REFERENCES "invoices"("id") ON DELETE CASCADE,
    "line_index" integer NOT NULL,
    "camera_key" varchar NOT NULL,
    "from" timestamp(3) with time zone NOT NULL,
    "to" timestamp(3) with time zone,
    "trial_ends_at" timestamp(3) with time zone
  );
  CREATE INDEX "invoice_usage_intervals_invoice_idx" ON "invoice_usage_intervals" USING btree ("invoice_id", "line_index");
  INSERT INTO "invoice_usage_intervals" ("invoice_id", "line_index", "camera_key", "from", "to", "trial_ends_at")
    SELECT l._parent_id, l._order - 1, u.camera_key, u."from", u."to", o.trial_ends_at
      FROM invoices_lines l
      JOIN invoices i ON i.id = l._parent_id AND i.status <> 'draft'
      JOIN organizations o ON o.id = l.organization_id
      JOIN camera_usage u ON u.organization_id = l.organization_id AND u.subscription_id = l.subscription_id
       AND u."from" < coalesce(l.segment_end, i.period_end)
       AND (u."to" IS NULL OR u."to" > greatest(coalesce(l.segment_start, i.period_start), o.trial_ends_at));`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "invoice_usage_intervals";`)
}
