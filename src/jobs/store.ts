/** The job queue's own SQL: what Payload's `jobs.queue` writes, for many jobs in one statement. */
import type { Sql } from '../db'

/**
 * Queues one job of `task` on `queue` per input, in one insert: the row Payload's `jobs.queue`
 * makes (input, task slug, queue; not tried, not processing, due now), inside the caller's
 * transaction. For fan-outs of thousands of jobs, where a Local API call per job is the cost.
 */
export async function queueJobs(
  sql: Sql,
  task: string,
  queue: string,
  inputs: Record<string, unknown>[],
): Promise<number> {
  if (inputs.length === 0) return 0
  const { rowCount } = await sql.query(
    `insert into payload_jobs (input, task_slug, queue, total_tried, has_error, processing)
      select input, $2::text::enum_payload_jobs_task_slug, $3, 0, false, false
        from unnest($1::jsonb[]) as input`,
    [inputs.map((input) => JSON.stringify(input)), task, queue],
  )
  return rowCount ?? 0
}
