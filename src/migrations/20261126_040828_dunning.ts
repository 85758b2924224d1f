import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_organizations_dunning_stage" AS ENUM('reminder', 'warning', 'suspension', 'recording_stop');
  CREATE TYPE "public"."enum_organizations_dunning_policy_recording_stop" AS ENUM('inherit', 'on', 'off');
  CREATE TYPE "public"."enum_dunning_actions_action" AS ENUM('reminder', 'warning', 'suspension', 'recording_stop', 'restoration');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'dunning-run';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'dunning-restore';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'dunning-run';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'dunning-restore';
  CREATE TABLE "dunning_actions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"organization_id" integer NOT NULL,
  	"invoice_id" integer NOT NULL,
  	"action" "enum_dunning_actions_action" NOT NULL,
  	"fired_at" timestamp(3) with time zone NOT NULL,
  	"days_overdue" numeric,
  	"amount_due" numeric,
  	"currency" varchar,
  	"note" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "dunning_actions_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizations_id" integer
  );
  
  CREATE TABLE "dunning_stream_holds" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"organization_id" integer NOT NULL,
  	"camera_key" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "dunning_policy" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"reminder_days" numeric DEFAULT 3 NOT NULL,
  	"warning_days" numeric DEFAULT 7 NOT NULL,
  	"suspension_days" numeric DEFAULT 14 NOT NULL,
  	"recording_stop" boolean DEFAULT false,
  	"recording_stop_days" numeric DEFAULT 30,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "organizations" ADD COLUMN "dunning_stage" "enum_organizations_dunning_stage";
  ALTER TABLE "organizations" ADD COLUMN "dunning_since" timestamp(3) with time zone;
  ALTER TABLE "organizations" ADD COLUMN "dunning_suspended_at" timestamp(3) with time zone;
  ALTER TABLE "organizations" ADD COLUMN "dunning_invoice_id" integer;
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_exempt" boolean DEFAULT false;
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_reminder_days" numeric;
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_warning_days" numeric;
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_suspension_days" numeric;
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_recording_stop" "enum_organizations_dunning_policy_recording_stop" DEFAULT 'inherit';
  ALTER TABLE "organizations" ADD COLUMN "dunning_policy_recording_stop_days" numeric;
  ALTER TABLE "sync_events" ADD COLUMN "changes" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "dunning_actions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "dunning_stream_holds_id" integer;
  ALTER TABLE "dunning_actions" ADD CONSTRAINT "dunning_actions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "dunning_actions" ADD CONSTRAINT "dunning_actions_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "dunning_actions_rels" ADD CONSTRAINT "dunning_actions_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."dunning_actions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "dunning_actions_rels" ADD CONSTRAINT "dunning_actions_rels_organizations_fk" FOREIGN KEY ("organizations_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "dunning_stream_holds" ADD CONSTRAINT "dunning_stream_holds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "dunning_actions_organization_idx" ON "dunning_actions" USING btree ("organization_id");
  CREATE INDEX "dunning_actions_invoice_idx" ON "dunning_actions" USING btree ("invoice_id");
  CREATE INDEX "dunning_actions_action_idx" ON "dunning_actions" USING btree ("action");
  CREATE INDEX "dunning_actions_fired_at_idx" ON "dunning_actions" USING btree ("fired_at");
  CREATE INDEX "dunning_actions_updated_at_idx" ON "dunning_actions" USING btree ("updated_at");
  CREATE INDEX "dunning_actions_created_at_idx" ON "dunning_actions" USING btree ("created_at");
  CREATE UNIQUE INDEX "organization_invoice_action_idx" ON "dunning_actions" USING btree ("organization_id","invoice_id","action");
  CREATE INDEX "dunning_actions_rels_order_idx" ON "dunning_actions_rels" USING btree ("order");
  CREATE INDEX "dunning_actions_rels_parent_idx" ON "dunning_actions_rels" USING btree ("parent_id");
  CREATE INDEX "dunning_actions_rels_path_idx" ON "dunning_actions_rels" USING btree ("path");
  CREATE INDEX "dunning_actions_rels_organizations_id_idx" ON "dunning_actions_rels" USING btree ("organizations_id");
  CREATE INDEX "dunning_stream_holds_organization_idx" ON "dunning_stream_holds" USING btree ("organization_id");
  CREATE INDEX "dunning_stream_holds_updated_at_idx" ON "dunning_stream_holds" USING btree ("updated_at");
  CREATE INDEX "dunning_stream_holds_created_at_idx" ON "dunning_stream_holds" USING btree ("created_at");
  CREATE UNIQUE INDEX "organization_cameraKey_idx" ON "dunning_stream_holds" USING btree ("organization_id","camera_key");
  ALTER TABLE "organizations" ADD CONSTRAINT "organizations_dunning_invoice_id_invoices_id_fk" FOREIGN KEY ("dunning_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_dunning_actions_fk" FOREIGN KEY ("dunning_actions_id") REFERENCES "public"."dunning_actions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_dunning_stream_holds_fk" FOREIGN KEY ("dunning_stream_holds_id") REFERENCES "public"."dunning_stream_holds"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "organizations_dunning_stage_idx" ON "organizations" USING btree ("dunning_stage");
  CREATE INDEX "organizations_dunning_invoice_idx" ON "organizations" USING btree ("dunning_invoice_id");
  CREATE INDEX "payload_locked_documents_rels_dunning_actions_id_idx" ON "payload_locked_documents_rels" USING btree ("dunning_actions_id");
  CREATE INDEX "payload_locked_documents_rels_dunning_stream_holds_id_idx" ON "payload_locked_documents_rels" USING btree ("dunning_stream_holds_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "dunning_actions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "dunning_actions_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "dunning_stream_holds" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "dunning_policy" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "dunning_actions" CASCADE;
  DROP TABLE "dunning_actions_rels" CASCADE;
  DROP TABLE "dunning_stream_holds" CASCADE;
  DROP TABLE "dunning_policy" CASCADE;
  ALTER TABLE "organizations" DROP CONSTRAINT "organizations_dunning_invoice_id_invoices_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_dunning_actions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_dunning_stream_holds_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'invoices-generate', 'invoices-auto-issue', 'notifications-dispatch', 'notifications-email', 'notifications-webhook', 'watcher-sync', 'watcher-reconcile', 'usage-collect');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'invoices-generate', 'invoices-auto-issue', 'notifications-dispatch', 'notifications-email', 'notifications-webhook', 'watcher-sync', 'watcher-reconcile', 'usage-collect');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "organizations_dunning_stage_idx";
  DROP INDEX "organizations_dunning_invoice_idx";
  DROP INDEX "payload_locked_documents_rels_dunning_actions_id_idx";
  DROP INDEX "payload_locked_documents_rels_dunning_stream_holds_id_idx";
  ALTER TABLE "organizations" DROP COLUMN "dunning_stage";
  ALTER TABLE "organizations" DROP COLUMN "dunning_since";
  ALTER TABLE "organizations" DROP COLUMN "dunning_suspended_at";
  ALTER TABLE "organizations" DROP COLUMN "dunning_invoice_id";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_exempt";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_reminder_days";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_warning_days";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_suspension_days";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_recording_stop";
  ALTER TABLE "organizations" DROP COLUMN "dunning_policy_recording_stop_days";
  ALTER TABLE "sync_events" DROP COLUMN "changes";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "dunning_actions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "dunning_stream_holds_id";
  DROP TYPE "public"."enum_organizations_dunning_stage";
  DROP TYPE "public"."enum_organizations_dunning_policy_recording_stop";
  DROP TYPE "public"."enum_dunning_actions_action";`)
}
