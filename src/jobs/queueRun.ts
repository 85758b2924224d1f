import type { PayloadRequest, TypedJobs } from 'payload'

/** The tasks that take no input (the scheduled ones), which a change may also ask to run now. */
type TaskWithoutInput = {
  [Slug in keyof TypedJobs['tasks']]: unknown extends TypedJobs['tasks'][Slug]['input']
    ? Slug
    : never
}[keyof TypedJobs['tasks']]

/** Queues one run of a task in `req`'s transaction: it commits with the change that asked for it. */
export async function queueRun(
  req: PayloadRequest,
  task: TaskWithoutInput,
  queue: string,
): Promise<void> {
  await req.payload.jobs.queue({ task, queue, input: {}, req })
}
