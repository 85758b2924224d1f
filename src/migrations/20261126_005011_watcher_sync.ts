import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_subscriptions_watcher_status" AS ENUM('pending', 'synced', 'failed');
  CREATE TYPE "public"."enum_organizations_watcher_status" AS ENUM('pending', 'synced', 'failed');
  CREATE TYPE "public"."enum_users_watcher_status" AS ENUM('pending', 'synced', 'failed');
  CREATE TYPE "public"."enum_sync_events_collection" AS ENUM('subscriptions', 'organizations', 'users');
  CREATE TYPE "public"."enum_sync_events_action" AS ENUM('upsert', 'delete', 'retire');
  CREATE TYPE "public"."enum_sync_events_outcome" AS ENUM('delivered', 'retrying', 'failed');
  CREATE TYPE "public"."enum_reconcile_reports_watcher_only_kind" AS ENUM('organization', 'user', 'preset');
  CREATE TYPE "public"."enum_reconcile_reports_outcome" AS ENUM('in_line', 'drift', 'error');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'watcher-sync', 'watcher-reconcile');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'watcher-sync', 'watcher-reconcile');
  CREATE TABLE "sync_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"collection" "enum_sync_events_collection" NOT NULL,
  	"document_id" numeric NOT NULL,
  	"label" varchar,
  	"watcher_id" numeric,
  	"action" "enum_sync_events_action" NOT NULL,
  	"outcome" "enum_sync_events_outcome" NOT NULL,
  	"attempt" numeric NOT NULL,
  	"http_status" numeric,
  	"duration_ms" numeric,
  	"requests" numeric,
  	"error" varchar,
  	"cause" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "reconcile_reports_repaired" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"collection" varchar NOT NULL,
  	"document_id" numeric NOT NULL,
  	"label" varchar,
  	"differences" varchar
  );
  
  CREATE TABLE "reconcile_reports_watcher_only" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_reconcile_reports_watcher_only_kind" NOT NULL,
  	"watcher_id" numeric NOT NULL,
  	"title" varchar
  );
  
  CREATE TABLE "reconcile_reports" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"outcome" "enum_reconcile_reports_outcome" NOT NULL,
  	"summary" varchar,
  	"finished_at" timestamp(3) with time zone,
  	"error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"meta" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "subscriptions" ADD COLUMN "watcher_remote_id" numeric;
  ALTER TABLE "subscriptions" ADD COLUMN "watcher_status" "enum_subscriptions_watcher_status";
  ALTER TABLE "subscriptions" ADD COLUMN "watcher_error" varchar;
  ALTER TABLE "subscriptions" ADD COLUMN "watcher_synced_at" timestamp(3) with time zone;
  ALTER TABLE "organizations" ADD COLUMN "watcher_remote_id" numeric;
  ALTER TABLE "organizations" ADD COLUMN "watcher_status" "enum_organizations_watcher_status";
  ALTER TABLE "organizations" ADD COLUMN "watcher_error" varchar;
  ALTER TABLE "organizations" ADD COLUMN "watcher_synced_at" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "watcher_remote_id" numeric;
  ALTER TABLE "users" ADD COLUMN "watcher_status" "enum_users_watcher_status";
  ALTER TABLE "users" ADD COLUMN "watcher_error" varchar;
  ALTER TABLE "users" ADD COLUMN "watcher_synced_at" timestamp(3) with time zone;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sync_events_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "reconcile_reports_id" integer;
  ALTER TABLE "reconcile_reports_repaired" ADD CONSTRAINT "reconcile_reports_repaired_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."reconcile_reports"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "reconcile_reports_watcher_only" ADD CONSTRAINT "reconcile_reports_watcher_only_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."reconcile_reports"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "sync_events_collection_idx" ON "sync_events" USING btree ("collection");
  CREATE INDEX "sync_events_document_id_idx" ON "sync_events" USING btree ("document_id");
  CREATE INDEX "sync_events_watcher_id_idx" ON "sync_events" USING btree ("watcher_id");
  CREATE INDEX "sync_events_action_idx" ON "sync_events" USING btree ("action");
  CREATE INDEX "sync_events_outcome_idx" ON "sync_events" USING btree ("outcome");
  CREATE INDEX "sync_events_http_status_idx" ON "sync_events" USING btree ("http_status");
  CREATE INDEX "sync_events_cause_idx" ON "sync_events" USING btree ("cause");
  CREATE INDEX "sync_events_updated_at_idx" ON "sync_events" USING btree ("updated_at");
  CREATE INDEX "sync_events_created_at_idx" ON "sync_events" USING btree ("created_at");
  CREATE INDEX "reconcile_reports_repaired_order_idx" ON "reconcile_reports_repaired" USING btree ("_order");
  CREATE INDEX "reconcile_reports_repaired_parent_id_idx" ON "reconcile_reports_repaired" USING btree ("_parent_id");
  CREATE INDEX "reconcile_reports_watcher_only_order_idx" ON "reconcile_reports_watcher_only" USING btree ("_order");
  CREATE INDEX "reconcile_reports_watcher_only_parent_id_idx" ON "reconcile_reports_watcher_only" USING btree ("_parent_id");
  CREATE INDEX "reconcile_reports_outcome_idx" ON "reconcile_reports" USING btree ("outcome");
  CREATE INDEX "reconcile_reports_updated_at_idx" ON "reconcile_reports" USING btree ("updated_at");
  CREATE INDEX "reconcile_reports_created_at_idx" ON "reconcile_reports" USING btree ("created_at");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sync_events_fk" FOREIGN KEY ("sync_events_id") REFERENCES "public"."sync_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_reconcile_reports_fk" FOREIGN KEY ("reconcile_reports_id") REFERENCES "public"."reconcile_reports"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "subscriptions_watcher_watcher_remote_id_idx" ON "subscriptions" USING btree ("watcher_remote_id");
  CREATE INDEX "subscriptions_watcher_watcher_status_idx" ON "subscriptions" USING btree ("watcher_status");
  CREATE INDEX "organizations_watcher_watcher_remote_id_idx" ON "organizations" USING btree ("watcher_remote_id");
  CREATE INDEX "organizations_watcher_watcher_status_idx" ON "organizations" USING btree ("watcher_status");
  CREATE INDEX "users_watcher_watcher_remote_id_idx" ON "users" USING btree ("watcher_remote_id");
  CREATE INDEX "users_watcher_watcher_status_idx" ON "users" USING btree ("watcher_status");
  CREATE INDEX "payload_locked_documents_rels_sync_events_id_idx" ON "payload_locked_documents_rels" USING btree ("sync_events_id");
  CREATE INDEX "payload_locked_documents_rels_reconcile_reports_id_idx" ON "payload_locked_documents_rels" USING btree ("reconcile_reports_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sync_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "reconcile_reports_repaired" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "reconcile_reports_watcher_only" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "reconcile_reports" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_stats" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "sync_events" CASCADE;
  DROP TABLE "reconcile_reports_repaired" CASCADE;
  DROP TABLE "reconcile_reports_watcher_only" CASCADE;
  DROP TABLE "reconcile_reports" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_sync_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_reconcile_reports_fk";
  
  DROP INDEX "subscriptions_watcher_watcher_remote_id_idx";
  DROP INDEX "subscriptions_watcher_watcher_status_idx";
  DROP INDEX "organizations_watcher_watcher_remote_id_idx";
  DROP INDEX "organizations_watcher_watcher_status_idx";
  DROP INDEX "users_watcher_watcher_remote_id_idx";
  DROP INDEX "users_watcher_watcher_status_idx";
  DROP INDEX "payload_locked_documents_rels_sync_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_reconcile_reports_id_idx";
  ALTER TABLE "subscriptions" DROP COLUMN "watcher_remote_id";
  ALTER TABLE "subscriptions" DROP COLUMN "watcher_status";
  ALTER TABLE "subscriptions" DROP COLUMN "watcher_error";
  ALTER TABLE "subscriptions" DROP COLUMN "watcher_synced_at";
  ALTER TABLE "organizations" DROP COLUMN "watcher_remote_id";
  ALTER TABLE "organizations" DROP COLUMN "watcher_status";
  ALTER TABLE "organizations" DROP COLUMN "watcher_error";
  ALTER TABLE "organizations" DROP COLUMN "watcher_synced_at";
  ALTER TABLE "users" DROP COLUMN "watcher_remote_id";
  ALTER TABLE "users" DROP COLUMN "watcher_status";
  ALTER TABLE "users" DROP COLUMN "watcher_error";
  ALTER TABLE "users" DROP COLUMN "watcher_synced_at";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sync_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "reconcile_reports_id";
  DROP TYPE "public"."enum_subscriptions_watcher_status";
  DROP TYPE "public"."enum_organizations_watcher_status";
  DROP TYPE "public"."enum_users_watcher_status";
  DROP TYPE "public"."enum_sync_events_collection";
  DROP TYPE "public"."enum_sync_events_action";
  DROP TYPE "public"."enum_sync_events_outcome";
  DROP TYPE "public"."enum_reconcile_reports_watcher_only_kind";
  DROP TYPE "public"."enum_reconcile_reports_outcome";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
