/**
 * The subscriber portal in a real browser: sign-in, the organization's own invoices and nothing
 * else, an invoice page and its PDF, another organization's subscriber turned away (page and
 * API), a parent's administrator switching to a subsidiary, and the portal in the user's
 * language: the Russian demo administrator and a Portuguese-speaking subscriber.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiAs,
  e2e,
  launchBrowser,
  screenshot,
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

/** Signs in through the portal's (English: the browser asks for en-US) form with an e-mail. */
async function signInWith(email: string, password: string): Promise<void> {
  const { page } = browser
  await browser.context.clearCookies()
  await page.goto('/portal/login')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/portal/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** Intl writes no-break and narrow no-break spaces in amounts; compared as plain spaces. */
const plainSpaces = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ')

const invoicesOf = (organization: number) =>
  e2e().history.invoices.filter((invoice) => invoice.organization === organization)

/** The invoice ids the invoice table of the current page links to. */
async function listedInvoiceIds(): Promise<number[]> {
  const hrefs = await browser.page
    .locator('table a[href^="/portal/invoices/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
  return hrefs.map((href) => Number(href.split('/').pop())).sort((a, b) => a - b)
}

describe('subscriber portal', () => {
  it('a subscriber signs in, sees only its organization’s invoices, opens one and downloads its PDF', async () => {
    const { history } = e2e()
    const { page } = browser
    await signInToPortal(browser, 'acme-admin')
    expect(new URL(page.url()).pathname).toBe('/portal')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Acme Security Group')
    await screenshot(page, 'portal-dashboard')

    await page
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Invoices' })
      .click()
    await page.waitForURL('**/portal/invoices')
    const own = invoicesOf(history.acme)
      .map((invoice) => invoice.id)
      .sort((a, b) => a - b)
    expect(own.length).toBeGreaterThanOrEqual(5)
    expect(await listedInvoiceIds()).toEqual(own)
    for (const other of invoicesOf(history.corner)) expect(own).not.toContain(other.id)

    const issued = invoicesOf(history.acme).find((invoice) => invoice.status === 'issued')!
    await page.locator(`table a[href="/portal/invoices/${issued.id}"]`).click()
    await page.waitForURL(`**/portal/invoices/${issued.id}`)
    const heading = await page.getByRole('heading', { level: 1 }).textContent()
    expect(heading).toMatch(/^Invoice INV-\d{4}-\d{6}$/)
    // the parent pays for its subsidiaries: their lines are on its invoice
    await expect
      .poll(() => page.getByRole('table').first().textContent())
      .toContain('Acme North Warehouse')
    await screenshot(page, 'portal-invoice')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ])
    const pdf = fs.readFileSync((await download.path())!)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(download.suggestedFilename()).toBe(`${heading!.replace('Invoice ', '')}.pdf`)
  })

  it('a subscriber of another organization cannot reach that invoice, by URL or through the API', async () => {
    const { history } = e2e()
    const { page } = browser
    const acmeInvoice = invoicesOf(history.acme).find((invoice) => invoice.status !== 'draft')!
    const number = (await apiAs('admin', 'GET', `/api/invoices/${acmeInvoice.id}?depth=0`)).body
      .number as string
    expect(number).toMatch(/^INV-/)

    await signInToPortal(browser, 'corner-shop')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Corner Shop')
    await page.goto('/portal/invoices')
    const own = invoicesOf(history.corner)
      .map((invoice) => invoice.id)
      .sort((a, b) => a - b)
    expect(own.length).toBeGreaterThan(0)
    expect(await listedInvoiceIds()).toEqual(own)

    const response = await page.goto(`/portal/invoices/${acmeInvoice.id}`)
    expect(response!.status()).toBe(404)
    const body = (await page.locator('body').textContent()) ?? ''
    expect(body).not.toContain(number)
    expect(body).not.toContain('Acme Security Group')

    // the PDF with the browser's own session cookie
    const pdf = await page.request.get(`/api/invoices/${acmeInvoice.id}/pdf`)
    expect([403, 404]).toContain(pdf.status())
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).not.toBe('%PDF-')
    const rest = await page.request.get(`/api/invoices/${acmeInvoice.id}`)
    expect([403, 404]).toContain(rest.status())
  })

  it('a parent’s administrator switches to a subsidiary in the organization switcher', async () => {
    const { page } = browser
    await signInToPortal(browser, 'acme-admin')
    const switcher = page.getByRole('navigation', { name: 'Organizations' })
    const names = (await switcher.getByRole('link').allTextContents()).map((name) => name.trim())
    expect(names).toEqual(['Acme North Warehouse', 'Acme Security Group', 'Acme South Offices'])
    expect(
      await switcher
        .getByRole('link', { name: 'Acme Security Group' })
        .getAttribute('aria-current'),
    ).toBe('page')

    await switcher.getByRole('link', { name: 'Acme North Warehouse' }).click()
    await page.waitForURL(/\/portal\/o\/\d+$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Acme North Warehouse')
    expect(
      await page
        .getByRole('navigation', { name: 'Organizations' })
        .getByRole('link', { name: 'Acme North Warehouse' })
        .getAttribute('aria-current'),
    ).toBe('page')
    const main = (await page.locator('main').textContent()) ?? ''
    expect(main).toContain('Billed to Acme Security Group')
    // its five demo cameras
    expect(
      await page.locator('.stat', { hasText: 'Cameras now' }).locator('dd').textContent(),
    ).toBe('5')
  })

  it('the Russian demo administrator reads the portal in Russian: dashboard, invoices, an invoice', async () => {
    const { page } = browser
    await signInToPortal(browser, 'romashka-admin')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('ООО «Ромашка»')
    expect(await page.locator('html').getAttribute('lang')).toBe('ru')
    expect(await page.title()).toBe('Сводка · Watcher Billing')
    const nav = page.getByRole('navigation', { name: 'Портал' })
    expect((await nav.getByRole('link').allTextContents()).map((name) => name.trim())).toEqual(
      expect.arrayContaining(['Сводка', 'Счета', 'Пользователи']),
    )
    const main = plainSpaces(await page.locator('main').textContent())
    for (const text of ['Камер сейчас', 'Подписки', 'Последние счета', 'Цена за камеру в месяц'])
      expect(main).toContain(text)
    // its demo cameras, said with the Russian plural
    expect(main).toMatch(/Сейчас на подписках \d+ камер(а|ы)?\./)
    // money and decimals the Russian way: 3,00 $ (no English "$3.00")
    expect(main).toMatch(/\d+,\d{2} \$/)
    expect(main).not.toMatch(/\$\d+\.\d{2}/)
    for (const english of ['Cameras now', 'Subscriptions', 'Latest invoices', 'Invoices'])
      expect(main).not.toContain(english)
    await screenshot(page, 'portal-dashboard-ru')

    await nav.getByRole('link', { name: 'Счета' }).click()
    await page.waitForURL('**/portal/invoices')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Счета')
    const table = plainSpaces(await page.getByRole('table').textContent())
    expect(table).toContain('Плательщик')
    expect(table).toMatch(/Оплачен|Выставлен|Черновик/)
    await page.locator('table a[href^="/portal/invoices/"]', { hasText: /^INV-/ }).first().click()
    await page.waitForURL(/\/portal\/invoices\/\d+$/)
    const heading = await page.getByRole('heading', { level: 1 }).textContent()
    expect(heading).toMatch(/^Счёт INV-\d{4}-\d{6}$/)
    const invoice = plainSpaces(await page.locator('main').textContent())
    for (const text of ['Плательщик', 'Период', 'Позиции', 'Камеро-дни', 'Итого', 'К оплате'])
      expect(invoice).toContain(text)
    expect(invoice).toMatch(/\d{1,2} [а-я]+\.? \d{4} г\./) // a Russian day, 1 нояб. 2026 г.
    expect(await page.getByRole('link', { name: 'Скачать PDF' }).count()).toBe(1)
    await screenshot(page, 'portal-invoice-ru')
  })

  it('a subscriber whose language is Portuguese reads the portal in Portuguese', async () => {
    const { history } = e2e()
    const { page } = browser
    const email = 'corner-pt@demo.example.com'
    const password = 'Senha-do-Teste-2026'
    const existing = await apiAs('admin', 'GET', `/api/users?where[email][equals]=${email}&depth=0`)
    let userId: number = existing.body.docs[0]?.id
    if (existing.body.docs.length === 0) {
      const created = await apiAs('admin', 'POST', '/api/users', {
        login: 'corner-pt',
        name: 'Clara Esquina',
        email,
        password,
        role: 'subscriber',
        locale: 'pt',
        memberships: [{ organization: history.corner, canViewStreams: true, canViewStats: true }],
      })
      expect(created.status).toBe(201)
      userId = created.body.doc.id
    }
    await signInWith(email, password)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Corner Shop')
    expect(await page.locator('html').getAttribute('lang')).toBe('pt')
    expect(await page.title()).toBe('Painel · Watcher Billing')
    const nav = page.getByRole('navigation', { name: 'Portal' })
    expect((await nav.getByRole('link').allTextContents()).map((name) => name.trim())).toEqual(
      expect.arrayContaining(['Painel', 'Faturas']),
    )
    const main = plainSpaces(await page.locator('main').textContent())
    for (const text of ['Câmeras agora', 'Assinaturas', 'Últimas faturas', 'Mês de faturamento'])
      expect(main).toContain(text)
    // dollars the Brazilian way: US$ 3,00
    expect(main).toMatch(/US\$ \d+,\d{2}/)
    for (const english of ['Cameras now', 'Subscriptions', 'Latest invoices', 'Billing month'])
      expect(main).not.toContain(english)
    await screenshot(page, 'portal-dashboard-pt')
    // no worker runs in the browser tests: deliver the new user's Watcher mirror as the worker
    // would, so the scenarios after this one (the admin dashboard's "Pending sync jobs") start
    // from an empty sync queue
    await expect
      .poll(async () => {
        await apiAs('admin', 'POST', '/api/watcher/sync')
        return (await apiAs('admin', 'GET', `/api/users/${userId}?depth=0`)).body.watcher?.status
      })
      .toBe('synced')
  })
})
