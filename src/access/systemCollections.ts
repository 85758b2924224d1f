import type { Access, SanitizedConfig, Where } from 'payload'
import { adminOnly } from './adminOnly'
import { isStaff } from './roles'

const nobody: Access = () => false

/** The signed-in user's own rows of a collection whose `user` is a polymorphic relationship. */
const ownRows: Access = ({ req }) => {
  if (!req.user) return false
  const where: Where = {
    and: [
      { 'user.value': { equals: req.user.id } },
      { 'user.relationTo': { equals: req.user.collection } },
    ],
  }
  return where
}

/** Staff see and manage every lock; anybody else only its own (reading and releasing them). */
const staffOrOwnRows: Access = (args) => (isStaff(args.req.user) ? true : ownRows(args))
const staffOnly: Access = ({ req }) => isStaff(req.user)

type CollectionAccess = {
  read: Access
  create: Access
  update: Access
  delete: Access
  unlock?: Access
}

/**
 * Explicit access for the collections Payload adds itself, which otherwise default to "anybody
 * signed in" (document locks, the job-stats global, the jobs endpoints) or to nothing written
 * down. The admin panel writes locks and preferences through the database adapter, so these rules
 * bind only REST, GraphQL and the Local API with overrideAccess: false.
 */
export const systemCollectionAccess: Record<string, CollectionAccess> = {
  // who edits what: staff only, but a subscriber may read and release its own locks
  'payload-locked-documents': {
    read: staffOrOwnRows,
    create: staffOnly,
    update: staffOnly,
    delete: staffOrOwnRows,
  },
  // every signed-in user has its own preferences; a hook of Payload's writes them in its name
  'payload-preferences': {
    read: ownRows,
    create: ({ req }) => Boolean(req.user),
    update: ownRows,
    delete: ownRows,
  },
  // payload-jobs: the Watcher plugin lets the admin read and delete jobs (its queue view); jobs
  // are queued by trusted code only and run by the worker holding the run lock (below)
  'payload-kv': { read: nobody, create: nobody, update: nobody, delete: nobody },
  'payload-migrations': { read: adminOnly, create: nobody, update: nobody, delete: nobody },
}

export const systemGlobalAccess: Record<string, { read: Access; update: Access }> = {
  // scheduling state of the job queue: written by the worker only
  'payload-jobs-stats': { read: adminOnly, update: nobody },
}

/** Puts the explicit rules above on the sanitized config (Payload adds these after plugins ran). */
export function withSystemAccess(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    const access = systemCollectionAccess[collection.slug]
    if (access) Object.assign(collection.access, access)
  }
  for (const global of config.globals) {
    const access = systemGlobalAccess[global.slug]
    if (access) Object.assign(global.access, access)
  }
  // the jobs endpoints (/api/payload-jobs/run, /handle-schedules) and the Local API with
  // overrideAccess: false: running outside the worker's advisory lock would run jobs twice
  config.jobs.access = { run: () => false, queue: () => false, cancel: () => false }
  return config
}
