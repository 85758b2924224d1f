/**
 * Debian's Chromium driven by playwright-core (no downloaded browser), headless, with a fresh
 * profile per launch and without the background traffic that a closed network refuses.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { inject } from 'vitest'
import type { E2EContext } from './context'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function e2e(): E2EContext {
  return inject('e2e')
}

export interface Browser {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** A headless Chromium with a new, empty user-data dir, removed again by `close()`. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    baseURL: e2e().baseUrl,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
  })
  context.setDefaultTimeout(20_000)
  context.setDefaultNavigationTimeout(45_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      fs.rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** A demo login (what `npm start` prints). */
export function login(name: string): { email: string; password: string } {
  const entry = e2e().credentials[name]
  if (!entry) throw new Error(`no demo login ${name}`)
  return entry
}

/** Signs in through the portal's form, starting from a signed-out browser. */
export async function signInToPortal(browser: Browser, name: string): Promise<void> {
  const { email, password } = login(name)
  await browser.context.clearCookies()
  const { page } = browser
  await page.goto('/portal/login')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/portal/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** Signs in through the admin's login form. */
export async function signInToAdmin(browser: Browser, name: string): Promise<void> {
  const { email, password } = login(name)
  await browser.context.clearCookies()
  const { page } = browser
  await page.goto('/admin/login')
  await page.locator('#field-email').fill(email)
  await page.locator('#field-password').fill(password)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/admin/login')),
    page.locator('button[type="submit"]').click(),
  ])
}

const tokens = new Map<string, Promise<string>>()

async function tokenOf(name: string): Promise<string> {
  const { email, password } = login(name)
  const signIn = await fetch(`${e2e().baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!signIn.ok)
    throw new Error(`login of ${name} failed: ${signIn.status} ${await signIn.text()}`)
  return ((await signIn.json()) as { token: string }).token
}

/** A REST call as a demo login (test setup and checks beside the scenario, not the scenario itself). */
export async function apiAs<T = any>(
  name: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const { baseUrl } = e2e()
  if (!tokens.has(name)) tokens.set(name, tokenOf(name))
  const token = await tokens.get(name)!
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `JWT ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed as T }
}

/**
 * Saves a screenshot into docs/screenshots/ (committed; the README shows them): the whole page, or
 * only one element of it.
 */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  const file = path.join(e2e().screenshotsDir, `${name}.png`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  if ('goto' in target) {
    await target.screenshot({ path: file, fullPage: true, animations: 'disabled' })
    return file
  }
  // the element with a margin of its page around it
  await target.scrollIntoViewIfNeeded()
  const box = (await target.boundingBox())!
  const margin = 16
  const page = target.page()
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }))
  await page.screenshot({
    path: file,
    fullPage: true,
    animations: 'disabled',
    clip: {
      x: Math.max(0, box.x + scroll.x - margin),
      y: Math.max(0, box.y + scroll.y - margin),
      width: box.width + 2 * margin,
      height: box.height + 2 * margin,
    },
  })
  return file
}
