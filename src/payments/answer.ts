import type { PayloadRequest } from 'payload'
import type { Payment } from '../payload-types'
import { isStaff } from '../access/roles'
import type { Sql } from '../db'
import { answerRelations, type AnswerRelations } from './store'

/**
 * A recorded payment's answer at depth 1 or 2, populated the way Payload populates it (the payer
 * and `createdBy` with their collections' `defaultPopulate` fields; at depth 2 the payer's parent
 * too, its own parent left an id), from one query instead of two Payload finds, which cost more
 * CPU than the rest of the payment's own work (issue 15). Only where Payload would populate
 * both for this reader: access overridden, or staff (who read every organization and user);
 * anyone else, and other depths, get Payload's own population.
 * test/int/payments/answer.test.ts checks it against Payload's findByID of the same payment.
 */
export const populatesOwnAnswer = (
  req: PayloadRequest,
  depth: number,
  overrideAccess: boolean,
): boolean => (depth === 1 || depth === 2) && (overrideAccess || isStaff(req.user))

export async function populateAnswer(
  sql: Sql,
  doc: Payment,
  depth: number,
  /** What answerRelations answers for this payment, when it was read already (claimKey). */
  read?: AnswerRelations,
): Promise<Payment> {
  const organization = typeof doc.organization === 'object' ? doc.organization.id : doc.organization
  const createdBy = typeof doc.createdBy === 'object' ? doc.createdBy?.id : doc.createdBy
  const related =
    read ??
    (await answerRelations(sql, {
      organizationId: organization,
      userId: createdBy ?? null,
      withParent: depth >= 2,
    }))
  if (!related.organization) return doc
  return {
    ...doc,
    organization: {
      ...related.organization,
      parent: related.parent ?? related.organization.parent,
    } as Payment['organization'],
    createdBy: related.createdBy
      ? ({ ...related.createdBy, collection: 'users' } as Payment['createdBy'])
      : (doc.createdBy ?? null),
  }
}
