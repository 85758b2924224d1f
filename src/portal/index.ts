/**
 * The subscriber portal's server side: what its pages (src/app/(portal)) read and render. The
 * server actions ('use server': actions.ts, memberActions.ts, passwordActions.ts) and the pieces
 * client components import (FormError.tsx, memberOptions.ts) stay their own entries: a client
 * component importing this file would pull Payload into the browser bundle.
 */
export {
  billedTogether,
  estimateCostSoFar,
  organizationCostSoFar,
  type CostSoFar,
  type CostSoFarOptions,
  type CostSoFarResult,
} from './costSoFar'
export { Dashboard } from './Dashboard'
export {
  dashboardPeriod,
  idOf,
  isId,
  organizationDashboard,
  priceAt,
  readableInvoice,
  readableInvoices,
  readableOrganization,
  readableOrganizations,
  type Dashboard as OrganizationDashboard,
  type MonthUsage,
  type PortalOrganization,
  type SubscriptionRow,
} from './data'
export {
  amountLeft,
  formatDate,
  formatDateTime,
  formatPeriod,
  money,
  statusLabel,
  twoDecimals,
} from './format'
export { InvoiceLines, InvoiceSummary, invoiceTitle } from './InvoiceView'
export { InvoiceTable } from './InvoiceTable'
export { InvoiceUsage } from './InvoiceUsage'
export {
  createMember,
  describeError,
  managedOrganizationIds,
  MIN_PASSWORD_LENGTH,
  organizationMembers,
  PERMISSION_LABELS,
  PERMISSIONS,
  permissionsOf,
  readableMember,
  removeMember,
  sendPasswordEmail,
  updateMemberPermissions,
  type CreatedMember,
  type Member,
  type NewMember,
  type Permission,
  type Permissions,
} from './members'
export { OrganizationSwitcher } from './OrganizationSwitcher'
export { acceptedLocale, portalLocale, type PortalLanguageSources } from './language'
export { organizationLocale, pageLocale, portalMessages } from './pageLanguage'
export { InLanguage } from './InLanguage'
export { readAs, requestAs, signedInPage } from './reader'
export { getSession, requireSession, safeNext, watcherWebUrl, type PortalSession } from './session'
export { signInEmail } from './signInName'
export { StatusBadge } from './StatusBadge'
