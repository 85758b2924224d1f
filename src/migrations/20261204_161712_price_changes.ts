import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "price_changes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"published_by_id" integer,
  	"published_at" timestamp(3) with time zone NOT NULL,
  	"change" jsonb NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "price_changes_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"subscriptions_id" integer,
  	"services_id" integer
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "price_changes_id" integer;
  ALTER TABLE "price_changes" ADD CONSTRAINT "price_changes_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "price_changes_rels" ADD CONSTRAINT "price_changes_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."price_changes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "price_changes_rels" ADD CONSTRAINT "price_changes_rels_subscriptions_fk" FOREIGN KEY ("subscriptions_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "price_changes_rels" ADD CONSTRAINT "price_changes_rels_services_fk" FOREIGN KEY ("services_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "price_changes_published_by_idx" ON "price_changes" USING btree ("published_by_id");
  CREATE INDEX "price_changes_published_at_idx" ON "price_changes" USING btree ("published_at");
  CREATE INDEX "price_changes_updated_at_idx" ON "price_changes" USING btree ("updated_at");
  CREATE INDEX "price_changes_created_at_idx" ON "price_changes" USING btree ("created_at");
  CREATE INDEX "price_changes_rels_order_idx" ON "price_changes_rels" USING btree ("order");
  CREATE INDEX "price_changes_rels_parent_idx" ON "price_changes_rels" USING btree ("parent_id");
  CREATE INDEX "price_changes_rels_path_idx" ON "price_changes_rels" USING btree ("path");
  CREATE INDEX "price_changes_rels_subscriptions_id_idx" ON "price_changes_rels" USING btree ("subscriptions_id");
  CREATE INDEX "price_changes_rels_services_id_idx" ON "price_changes_rels" USING btree ("services_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_price_changes_fk" FOREIGN KEY ("price_changes_id") REFERENCES "public"."price_changes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_price_changes_id_idx" ON "payload_locked_documents_rels" USING btree ("price_changes_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "price_changes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "price_changes_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "price_changes" CASCADE;
  DROP TABLE "price_changes_rels" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_price_changes_fk";
  
  DROP INDEX "payload_locked_documents_rels_price_changes_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "price_changes_id";`)
}
