import type { OrganizationTerms, UsageInterval } from '../billing/invoiceAssembly'
import type { OrganizationTermRow, UsageRow } from './store'
import { organizationTerms } from './terms'

/**
 * A page of payers' rows as the pure assembly wants them: the organizations billed to each payer
 * (by payer id) and the usage intervals of each organization (by organization id). The month close
 * and the pricing simulation read the same pages and group them here.
 */
export function batchTerms(
  members: (OrganizationTermRow & { payer_id: number })[],
  usage: UsageRow[],
): {
  membersByPayer: Map<number, OrganizationTerms[]>
  usageByOrganization: Map<number, UsageInterval[]>
} {
  const membersByPayer = new Map<number, OrganizationTerms[]>()
  for (const row of members) {
    const payerId = Number(row.payer_id)
    const list = membersByPayer.get(payerId) ?? []
    list.push(organizationTerms(row))
    membersByPayer.set(payerId, list)
  }
  const usageByOrganization = new Map<number, UsageInterval[]>()
  for (const row of usage) {
    const organizationId = Number(row.organization_id)
    const list = usageByOrganization.get(organizationId) ?? []
    list.push({
      organizationId,
      subscriptionId: Number(row.subscription_id),
      cameraKey: row.camera_key,
      from: new Date(row.from_ms),
      to: row.to_ms === null ? null : new Date(row.to_ms),
    })
    usageByOrganization.set(organizationId, list)
  }
  return { membersByPayer, usageByOrganization }
}
