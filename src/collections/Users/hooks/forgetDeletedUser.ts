import type { CollectionBeforeDeleteHook, Where } from 'payload'

/**
 * Before a user is deleted, in the delete's transaction: its document locks and its admin
 * preferences go with it. Payload 3.90 on PostgreSQL leaves both behind (payloadcms/payload#18200):
 * the user row's cascade empties the lock's relationship row, and a lock without a user makes the
 * admin's edit view of that document throw for everybody until the lock expires; the preferences
 * are looked up through the same relationship after it is gone, so they are never deleted.
 */
export const forgetDeletedUser: CollectionBeforeDeleteHook = async ({ id, req, collection }) => {
  const ownedByUser: Where = {
    and: [{ 'user.value': { equals: id } }, { 'user.relationTo': { equals: collection.slug } }],
  }
  for (const slug of ['payload-locked-documents', 'payload-preferences'] as const) {
    await req.payload.delete({ collection: slug, where: ownedByUser, depth: 0, req })
  }
}
