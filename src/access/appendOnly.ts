import type { Access } from 'payload'
import { adminOrAccountant } from './adminOrAccountant'

const nobody: Access = () => false

/**
 * Access of a record that is never changed or deleted through the API once written (a log, a
 * money record): the operations write it, staff read it unless `read` says otherwise, and nobody
 * creates one by hand unless `create` allows it.
 */
export function appendOnlyAccess({
  read = adminOrAccountant,
  create = nobody,
}: { read?: Access; create?: Access } = {}) {
  return { read, create, update: nobody, delete: nobody }
}
