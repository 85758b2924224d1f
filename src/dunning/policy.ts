import type { Payload, PayloadRequest } from 'payload'
import { policyFrom, type DunningPolicy } from '../billing/dunningPolicy'

export const DUNNING_POLICY_SLUG = 'dunning-policy'

/** The global policy as stored (defaults until an admin saves it). */
export async function readGlobalPolicy(
  payload: Payload,
  req?: PayloadRequest,
): Promise<DunningPolicy> {
  const stored = await payload.findGlobal({
    slug: DUNNING_POLICY_SLUG,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return policyFrom(stored)
}
