/**
 * The one way to the database for plain SQL: a unit of work runs in `withTransaction` and gets
 * `{ req, sql }`; advisory locks come from the registry in locks.ts. Everything that reaches into
 * Payload's Postgres adapter lives in this folder.
 */
export { withTransaction, type Sql, type Transaction } from './transaction'
export { poolOf } from './pool'
export { isConnectionLoss } from './connectionLoss'
export { loadInBatch } from './requestBatch'
export {
  LOCK_KEYS,
  lockForTransaction,
  lockInvoiceDrafts,
  lockPayer,
  payerLockCall,
  withAdvisoryLock,
} from './locks'
export { isRowId, MAX_ROW_ID } from './ids'
export { affected, firstRow, ids, rows } from './sql'
export { withAlongside, type Statement } from './statement'
