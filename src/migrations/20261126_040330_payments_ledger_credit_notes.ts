import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_payments_method" AS ENUM('bank_transfer', 'card', 'cash', 'other');
  CREATE TYPE "public"."enum_ledger_entries_kind" AS ENUM('invoice', 'payment', 'credit_note', 'refund', 'adjustment');
  CREATE TABLE "payments_allocations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"amount" numeric NOT NULL
  );
  
  CREATE TABLE "payments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"organization_id" integer NOT NULL,
  	"method" "enum_payments_method" DEFAULT 'bank_transfer' NOT NULL,
  	"amount" numeric NOT NULL,
  	"currency" varchar NOT NULL,
  	"date" timestamp(3) with time zone NOT NULL,
  	"reference" varchar,
  	"unallocated" numeric,
  	"refunded" numeric,
  	"created_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "credit_notes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"amount" numeric NOT NULL,
  	"reason" varchar NOT NULL,
  	"number" varchar,
  	"organization_id" integer,
  	"currency" varchar,
  	"issued_at" timestamp(3) with time zone,
  	"applied_to_invoice" numeric,
  	"to_credit" numeric,
  	"created_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "ledger_entries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"organization_id" integer NOT NULL,
  	"kind" "enum_ledger_entries_kind" DEFAULT 'adjustment' NOT NULL,
  	"amount" numeric NOT NULL,
  	"currency" varchar NOT NULL,
  	"reference" varchar,
  	"reason" varchar,
  	"invoice_id" integer,
  	"payment_id" integer,
  	"credit_note_id" integer,
  	"reverses_id" integer,
  	"occurred_at" timestamp(3) with time zone NOT NULL,
  	"created_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "invoices" ADD COLUMN "amount_paid" numeric;
  ALTER TABLE "invoices" ADD COLUMN "amount_credited" numeric;
  ALTER TABLE "invoices" ADD COLUMN "amount_due" numeric;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payments_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "credit_notes_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "ledger_entries_id" integer;
  ALTER TABLE "payments_allocations" ADD CONSTRAINT "payments_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments_allocations" ADD CONSTRAINT "payments_allocations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_credit_note_id_credit_notes_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."credit_notes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reverses_id_ledger_entries_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."ledger_entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "payments_allocations_order_idx" ON "payments_allocations" USING btree ("_order");
  CREATE INDEX "payments_allocations_parent_id_idx" ON "payments_allocations" USING btree ("_parent_id");
  CREATE INDEX "payments_allocations_invoice_idx" ON "payments_allocations" USING btree ("invoice_id");
  CREATE INDEX "payments_organization_idx" ON "payments" USING btree ("organization_id");
  CREATE INDEX "payments_currency_idx" ON "payments" USING btree ("currency");
  CREATE INDEX "payments_date_idx" ON "payments" USING btree ("date");
  CREATE INDEX "payments_reference_idx" ON "payments" USING btree ("reference");
  CREATE INDEX "payments_created_by_idx" ON "payments" USING btree ("created_by_id");
  CREATE INDEX "payments_updated_at_idx" ON "payments" USING btree ("updated_at");
  CREATE INDEX "payments_created_at_idx" ON "payments" USING btree ("created_at");
  CREATE INDEX "credit_notes_invoice_idx" ON "credit_notes" USING btree ("invoice_id");
  CREATE UNIQUE INDEX "credit_notes_number_idx" ON "credit_notes" USING btree ("number");
  CREATE INDEX "credit_notes_organization_idx" ON "credit_notes" USING btree ("organization_id");
  CREATE INDEX "credit_notes_issued_at_idx" ON "credit_notes" USING btree ("issued_at");
  CREATE INDEX "credit_notes_created_by_idx" ON "credit_notes" USING btree ("created_by_id");
  CREATE INDEX "credit_notes_updated_at_idx" ON "credit_notes" USING btree ("updated_at");
  CREATE INDEX "credit_notes_created_at_idx" ON "credit_notes" USING btree ("created_at");
  CREATE INDEX "ledger_entries_organization_idx" ON "ledger_entries" USING btree ("organization_id");
  CREATE INDEX "ledger_entries_kind_idx" ON "ledger_entries" USING btree ("kind");
  CREATE INDEX "ledger_entries_currency_idx" ON "ledger_entries" USING btree ("currency");
  CREATE INDEX "ledger_entries_reference_idx" ON "ledger_entries" USING btree ("reference");
  CREATE INDEX "ledger_entries_invoice_idx" ON "ledger_entries" USING btree ("invoice_id");
  CREATE INDEX "ledger_entries_payment_idx" ON "ledger_entries" USING btree ("payment_id");
  CREATE INDEX "ledger_entries_credit_note_idx" ON "ledger_entries" USING btree ("credit_note_id");
  CREATE INDEX "ledger_entries_reverses_idx" ON "ledger_entries" USING btree ("reverses_id");
  CREATE INDEX "ledger_entries_occurred_at_idx" ON "ledger_entries" USING btree ("occurred_at");
  CREATE INDEX "ledger_entries_created_by_idx" ON "ledger_entries" USING btree ("created_by_id");
  CREATE INDEX "ledger_entries_updated_at_idx" ON "ledger_entries" USING btree ("updated_at");
  CREATE INDEX "ledger_entries_created_at_idx" ON "ledger_entries" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payments_fk" FOREIGN KEY ("payments_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_credit_notes_fk" FOREIGN KEY ("credit_notes_id") REFERENCES "public"."credit_notes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_ledger_entries_fk" FOREIGN KEY ("ledger_entries_id") REFERENCES "public"."ledger_entries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_payments_id_idx" ON "payload_locked_documents_rels" USING btree ("payments_id");
  CREATE INDEX "payload_locked_documents_rels_credit_notes_id_idx" ON "payload_locked_documents_rels" USING btree ("credit_notes_id");
  CREATE INDEX "payload_locked_documents_rels_ledger_entries_id_idx" ON "payload_locked_documents_rels" USING btree ("ledger_entries_id");`)

  // Hand-written: credit note numbers (a gapless yearly sequence, like invoice numbers), their
  // PDFs, the Idempotency-Key store of POST /api/payments and the webhook, and the ledger's
  // immutability enforced by the database itself.
  await db.execute(sql`
  CREATE TABLE "credit_note_number_sequences" ("year" integer PRIMARY KEY NOT NULL, "last" integer NOT NULL);
  CREATE TABLE "credit_note_documents" (
    "credit_note_id" integer PRIMARY KEY NOT NULL REFERENCES "credit_notes"("id") ON DELETE cascade,
    "filename" varchar NOT NULL,
    "sha256" varchar NOT NULL,
    "data" bytea NOT NULL,
    "created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  CREATE TABLE "payment_idempotency_keys" (
    "scope" varchar NOT NULL,
    "key" varchar NOT NULL,
    "request_hash" varchar NOT NULL,
    "payment_id" integer REFERENCES "payments"("id") ON DELETE cascade,
    "status" integer,
    "response" jsonb,
    "created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY ("scope", "key")
  );
  CREATE UNIQUE INDEX "payments_allocations_one_row_per_invoice" ON "payments_allocations" USING btree ("_parent_id", "invoice_id");
  CREATE FUNCTION "ledger_entries_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- a user deleted elsewhere only clears who created the entry; nothing else ever changes
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'created_by_id' - 'updated_at') = (to_jsonb(OLD) - 'created_by_id' - 'updated_at') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger entries are immutable: add a reversing entry instead' USING ERRCODE = 'check_violation';
  END $$;
  CREATE TRIGGER "ledger_entries_immutable" BEFORE UPDATE OR DELETE ON "ledger_entries"
    FOR EACH ROW EXECUTE FUNCTION "ledger_entries_immutable"();

  UPDATE "invoices" SET "amount_paid" = CASE WHEN "status" = 'paid' THEN "total" ELSE 0 END,
    "amount_credited" = 0,
    "amount_due" = CASE WHEN "status" = 'issued' THEN "total" WHEN "status" = 'paid' THEN 0 ELSE NULL END;
  INSERT INTO "ledger_entries" ("organization_id", "kind", "amount", "currency", "reference", "invoice_id", "occurred_at")
    SELECT "organization_id", 'invoice', "total", "currency", "number", "id", COALESCE("issued_at", "updated_at")
    FROM "invoices" WHERE "status" IN ('issued', 'paid') AND "total" <> 0;
  INSERT INTO "ledger_entries" ("organization_id", "kind", "amount", "currency", "reference", "reason", "invoice_id", "occurred_at")
    SELECT "organization_id", 'payment', -"total", "currency", COALESCE("payment_reference", "number"), 'paid before payments were recorded', "id", COALESCE("paid_at", "updated_at")
    FROM "invoices" WHERE "status" = 'paid' AND "total" <> 0;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE IF EXISTS "payment_idempotency_keys";
  DROP TABLE IF EXISTS "credit_note_documents";
  DROP TABLE IF EXISTS "credit_note_number_sequences";
  DROP TRIGGER IF EXISTS "ledger_entries_immutable" ON "ledger_entries";
  DROP FUNCTION IF EXISTS "ledger_entries_immutable"();`)
  await db.execute(sql`
   ALTER TABLE "payments_allocations" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payments" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "credit_notes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "ledger_entries" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "payments_allocations" CASCADE;
  DROP TABLE "payments" CASCADE;
  DROP TABLE "credit_notes" CASCADE;
  DROP TABLE "ledger_entries" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payments_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_credit_notes_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_ledger_entries_fk";
  
  DROP INDEX "payload_locked_documents_rels_payments_id_idx";
  DROP INDEX "payload_locked_documents_rels_credit_notes_id_idx";
  DROP INDEX "payload_locked_documents_rels_ledger_entries_id_idx";
  ALTER TABLE "invoices" DROP COLUMN "amount_paid";
  ALTER TABLE "invoices" DROP COLUMN "amount_credited";
  ALTER TABLE "invoices" DROP COLUMN "amount_due";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payments_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "credit_notes_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "ledger_entries_id";
  DROP TYPE "public"."enum_payments_method";
  DROP TYPE "public"."enum_ledger_entries_kind";`)
}
