/**
 * The operator's side in a real browser: the dashboard on the admin's home page draws its charts
 * from the demo data (admin, and the accountant without camera-level links; nothing for a
 * subscriber), and the invoice actions of the edit view issue an invoice and record its payment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  e2e,
  launchBrowser,
  screenshot,
  signInToAdmin,
  type Browser,
} from './harness/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const dashboard = () => browser.page.locator('section[aria-labelledby="ops-dashboard-heading"]')

/** The number shown in one of the dashboard's figures, found by its label. */
async function stat(label: string): Promise<number> {
  const text = await dashboard()
    .locator('.ops-dashboard__stat', { hasText: label })
    .locator('.ops-dashboard__stat-value')
    .textContent()
  return Number(text)
}

describe('operator dashboard', () => {
  it('renders its charts and figures from the demo data for the admin', async () => {
    const { page } = browser
    await signInToAdmin(browser, 'admin')
    await page.goto('/admin')
    await dashboard().waitFor()
    // recharts draws in the browser: wait for the bars and the areas
    const revenueBars = dashboard().locator('[data-chart="revenue"] .recharts-bar-rectangle')
    await expect.poll(() => revenueBars.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6)
    const areas = dashboard().locator('[data-chart="cameras"] .recharts-area')
    await expect.poll(() => areas.count()).toBeGreaterThanOrEqual(1)
    expect(
      await dashboard().locator('[data-chart="revenue"] .recharts-legend-item').allTextContents(),
    ).toEqual(['Paid', 'Issued, not yet paid'])

    expect(await stat('Drafts awaiting issue')).toBeGreaterThanOrEqual(1)
    expect(await stat('Overdue')).toBeGreaterThanOrEqual(1)
    expect(await stat('Pending sync jobs')).toBe(0)
    const cameras = await dashboard()
      .getByRole('heading', { name: /Cameras per subscription now/ })
      .textContent()
    // the demo's cameras: Acme 3 + 5 + 2, Corner Shop 1, ООО «Ромашка» 2
    expect(cameras).toMatch(/· 13$/)
    expect(
      await dashboard().locator('a[href*="/collections/camera-usage"]').count(),
    ).toBeGreaterThan(0)
    // the last usage collection, linked
    expect(await dashboard().locator('a[href*="/collections/usage-collections/"]').count()).toBe(1)
    await page.mouse.move(0, 0)
    await screenshot(dashboard(), 'operator-dashboard')
  })

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const { page } = browser
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      await page.goto('/admin')
      await dashboard().waitFor()
      await expect
        .poll(() => dashboard().locator('[data-chart="revenue"] .recharts-bar-rectangle').count(), {
          timeout: 20_000,
        })
        .toBeGreaterThanOrEqual(6)
      const overflow = await dashboard().evaluate(
        (section) => section.scrollWidth - section.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(1)
      const chart = await dashboard()
        .locator('[data-chart="revenue"] .recharts-wrapper')
        .first()
        .boundingBox()
      expect(chart!.width).toBeLessThanOrEqual(390)
      expect(chart!.width).toBeGreaterThan(200)
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 })
    }
  })

  it('shows the accountant the same figures, without camera-level links', async () => {
    const { page } = browser
    await signInToAdmin(browser, 'accountant')
    await page.goto('/admin')
    await dashboard().waitFor()
    await expect
      .poll(() => dashboard().locator('[data-chart="revenue"] .recharts-bar-rectangle').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(6)
    expect(
      await dashboard()
        .getByRole('heading', { name: /Cameras per subscription now/ })
        .textContent(),
    ).toMatch(/· 13$/)
    expect(await dashboard().locator('a[href*="/collections/camera-usage"]').count()).toBe(0)
    expect(await dashboard().locator('a[href*="/collections/payload-jobs"]').count()).toBe(0)
  })

  it('shows a subscriber none of it', async () => {
    const { page } = browser
    await signInToAdmin(browser, 'acme-admin')
    await page.goto('/admin')
    await page.locator('.dashboard, .template-default').first().waitFor()
    expect(await dashboard().count()).toBe(0)
    expect(await page.getByText('Revenue per month').count()).toBe(0)
  })
})

describe('invoice actions in the admin', () => {
  it('issues a draft and records its payment from the edit view', async () => {
    const { history } = e2e()
    const { page } = browser
    const draft = history.invoices.find(
      (invoice) => invoice.status === 'draft' && invoice.organization === history.corner,
    )!
    expect(draft).toBeTruthy()
    await signInToAdmin(browser, 'admin')
    await page.goto(`/admin/collections/invoices/${draft.id}`)

    await page
      .locator('.invoice-actions')
      .getByRole('button', { name: 'Issue', exact: true })
      .click()
    const confirm = page
      .locator('.confirmation-modal')
      .filter({ hasText: 'Issue assigns the next invoice number' })
    await confirm.getByRole('button', { name: 'Issue', exact: true }).click()
    await page.getByText(/^Issued as INV-\d{4}-\d{6}/).waitFor()
    await expect
      .poll(
        async () => (await apiAs('admin', 'GET', `/api/invoices/${draft.id}?depth=0`)).body.status,
      )
      .toBe('issued')

    const recordPayment = page
      .locator('.invoice-actions')
      .getByRole('button', { name: 'Record payment' })
    await recordPayment.waitFor()
    await recordPayment.click()
    const modal = page.locator('.invoice-pay-modal')
    await modal.getByLabel('Reference (optional)').fill('E2E-BANK-1')
    await modal.getByRole('button', { name: 'Record payment' }).click()
    await page.getByText(/^Payment recorded: INV-\d{4}-\d{6} is paid\./).waitFor()
    const paid = (await apiAs('admin', 'GET', `/api/invoices/${draft.id}?depth=0`)).body
    expect(paid).toMatchObject({ status: 'paid', paymentReference: 'E2E-BANK-1' })
    expect(paid.number).toMatch(/^INV-\d{4}-\d{6}$/)
    // the edit view now offers neither operation
    await expect
      .poll(() =>
        page
          .locator('.invoice-actions')
          .getByRole('button', { name: /^(Issue|Record payment)$/ })
          .count(),
      )
      .toBe(0)
  })
})
