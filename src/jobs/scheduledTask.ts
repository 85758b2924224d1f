import type { PayloadRequest, TaskConfig, TypedJobs } from 'payload'

type TaskSlug = keyof TypedJobs['tasks']

/**
 * A task without input that the worker runs on `cron` in `queue`; `outputs` names the numbers it
 * reports (left out, the job records no output schema). `run` does the work and returns them.
 */
export function scheduledTask<Slug extends TaskSlug>(
  slug: Slug,
  {
    label,
    retries,
    cron,
    queue,
    outputs,
    run,
  }: {
    label: string
    retries: number
    cron: string
    queue: string
    outputs?: string[]
    run: (req: PayloadRequest) => Promise<TypedJobs['tasks'][Slug]['output']>
  },
): TaskConfig<Slug> {
  return {
    slug,
    label,
    retries,
    schedule: [{ cron, queue }],
    ...(outputs && { outputSchema: outputs.map((name) => ({ name, type: 'number' as const })) }),
    handler: async ({ req }) => ({ output: await run(req) }),
  } as TaskConfig<Slug>
}
