/**
 * "Try a price change" in a real browser (issue 17): the admin opens the demo's Basic 7, tries it
 * at $4 from next month on the last closed month's usage, sees the totals and the change per
 * organization (screenshot for the README), and cancels: nothing is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiAs, launchBrowser, screenshot, signInToAdmin, type Browser } from './harness/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('pricing simulation', () => {
  it('runs a simulation from the subscription edit view and cancels it', async () => {
    const found = await apiAs<{ docs: { id: number; prices: { amount: number }[] }[] }>(
      'admin',
      'GET',
      '/api/subscriptions?where[title][equals]=Basic%207&depth=0',
    )
    const basic = found.body.docs[0]!
    const pricesBefore = basic.prices.map((price) => price.amount)

    const { page } = browser
    await page.setViewportSize({ width: 1280, height: 1000 })
    await signInToAdmin(browser, 'admin')
    await page.goto(`/admin/collections/subscriptions/${basic.id}`)
    await page.getByRole('button', { name: 'Try a price change' }).click()
    const modal = page.locator('.pricing-modal')
    await modal.waitFor()
    await modal.locator('input[name="price"]').fill('4')
    // Acme pays $96.39 for the month: at $4 it crosses $100
    await modal.locator('input[name="threshold"]').fill('100')
    await modal.getByRole('button', { name: 'Simulate' }).click()

    const result = modal.getByTestId('pricing-result')
    await result.waitFor({ timeout: 30_000 })
    // the demo's organizations on Basic 7 pay more: the first row is an increase
    const firstDelta = await result
      .locator('table')
      .nth(1)
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(3)
      .textContent()
    expect(firstDelta).toMatch(/\$\d/)
    expect(
      await result.locator('table').first().locator('tbody tr').count(),
    ).toBeGreaterThanOrEqual(1)
    const crossing = result.locator('table').nth(2).locator('tbody tr')
    expect(await crossing.count()).toBeGreaterThanOrEqual(1)
    expect(await crossing.first().textContent()).toContain('up')
    await page.mouse.move(0, 0)
    await screenshot(page, 'admin-pricing-simulation')

    await result.getByRole('button', { name: 'Cancel' }).click()
    await modal.waitFor({ state: 'detached' })
    const after = await apiAs<{ prices: { amount: number }[] }>(
      'admin',
      'GET',
      `/api/subscriptions/${basic.id}?depth=0`,
    )
    expect(after.body.prices.map((price) => price.amount)).toEqual(pricesBefore)
  })
})
