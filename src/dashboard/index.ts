/**
 * The operator dashboard (the admin's home, before Payload's own): its figures (data.ts) and the
 * component the admin's import map names (`/src/dashboard/OperatorDashboard#OperatorDashboard`).
 */
export {
  camerasDaily,
  camerasNow,
  failedSyncs,
  invoiceAttention,
  jobHealth,
  lastDays,
  lastMonths,
  loadDashboard,
  revenueByMonth,
  type AmountsByCurrency,
  type DashboardData,
  type InvoiceAttention,
} from './data'
export { OperatorDashboard } from './OperatorDashboard'
