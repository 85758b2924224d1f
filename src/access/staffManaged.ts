import type { Access } from 'payload'
import { adminOrAccountant } from './adminOrAccountant'

/** Staff create, change and delete the collection's documents; `read` says who reads them. */
export function staffManagedAccess(read: Access) {
  return { read, create: adminOrAccountant, update: adminOrAccountant, delete: adminOrAccountant }
}
