import type { JobsConfig, TaskConfig } from 'payload'
import { hasRole } from '../access/roles'

/**
 * Payload's jobs, as the worker runs them: the queue, not the log (a delivered job goes away; the
 * sync events and delivery records are the log), run only through the worker and
 * POST /api/watcher/sync (which hold the run lock), visible to admins only.
 */
export function jobsConfig(tasks: TaskConfig[]): JobsConfig {
  return {
    tasks,
    deleteJobOnComplete: true,
    access: {
      run: () => false,
      queue: ({ req }) => hasRole(req.user, 'admin'),
      cancel: ({ req }) => hasRole(req.user, 'admin'),
    },
    jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
      ...defaultJobsCollection,
      access: {
        ...defaultJobsCollection.access,
        read: ({ req }) => hasRole(req.user, 'admin'),
        create: () => false,
        update: () => false,
        delete: ({ req }) => hasRole(req.user, 'admin'),
      },
      admin: {
        ...defaultJobsCollection.admin,
        hidden: ({ user }) => !hasRole(user, 'admin'),
        group: 'Watcher',
      },
    }),
  }
}
