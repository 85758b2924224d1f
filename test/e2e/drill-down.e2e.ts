/**
 * The invoice drill-down in a real browser: a subscriber opens a line of an issued invoice in the
 * portal and sees the camera time behind it (with its cameras' names, read live from Watcher);
 * the operator sees the same table under the line in the admin. Both are screenshotted for the
 * README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  e2e,
  launchBrowser,
  screenshot,
  signInToAdmin,
  signInToPortal,
  type Browser,
} from './harness/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** An issued (or paid) invoice of Acme, which pays for its subsidiaries' cameras too. */
function acmeInvoice() {
  const { history } = e2e()
  return history.invoices.find(
    (invoice) => invoice.organization === history.acme && invoice.status !== 'draft',
  )!
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe('invoice drill-down', () => {
  it('a subscriber opens a line of an invoice in the portal and sees its cameras’ time', async () => {
    const invoice = acmeInvoice()
    const usage = await apiAs('acme-admin', 'GET', `/api/invoices/${invoice.id}/usage?titles=1`)
    expect(usage.status).toBe(200)
    const lines = usage.body.lines as {
      amount: number
      intervals: { camera: string; amount: number; title?: string }[]
    }[]
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(sum(line.intervals.map((i) => i.amount))).toBe(line.amount)

    const { page } = browser
    await signInToPortal(browser, 'acme-admin')
    await page.goto(`/portal/invoices/${invoice.id}`)
    const section = page.locator('section.drill-down')
    await section.getByRole('heading', { name: 'Camera time' }).waitFor()
    const first = section.locator('details[data-line="0"]')
    await first.locator('summary').click()
    const table = first.getByRole('table')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBe(lines[0]!.intervals.length)
    await expect.poll(() => rows.first().textContent()).toContain(lines[0]!.intervals[0]!.camera)
    // the administrator may view the streams: their names are shown beside the references
    const named = lines[0]!.intervals.find((interval) => interval.title)
    if (named) await expect.poll(() => table.textContent()).toContain(named.title)
    await screenshot(section, 'portal-drill-down')
  })

  it('the operator sees the camera time under each line of the invoice in the admin', async () => {
    const invoice = acmeInvoice()
    const { page } = browser
    await signInToAdmin(browser, 'admin')
    await page.goto(`/admin/collections/invoices/${invoice.id}`)
    const row = page.locator('.array-field [id$="-row-0"]').first()
    await row.waitFor()
    await row.locator('.collapsible__toggle').first().click()
    const table = row.locator('.invoice-line-usage table')
    await table.waitFor()
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await table.textContent()).toMatch(/cam-[0-9a-f]{8}/)
    await screenshot(row, 'admin-drill-down')
  })
})
