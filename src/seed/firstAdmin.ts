import type { Payload } from 'payload'
import { generatePassword, rememberCredentials } from './credentials'

/** On an empty database: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated one. */
export async function ensureFirstAdmin(payload: Payload): Promise<{ created: boolean }> {
  const existing = await payload.count({ collection: 'users' })
  if (existing.totalDocs > 0) return { created: false }
  const email = process.env.ADMIN_EMAIL || 'admin@example.com'
  const password = process.env.ADMIN_PASSWORD || generatePassword()
  await payload.create({
    collection: 'users',
    data: { email, password, login: 'admin', name: 'Operator', role: 'admin' },
  })
  if (!process.env.ADMIN_PASSWORD) rememberCredentials('admin', { email, password, role: 'admin' })
  return { created: true }
}
