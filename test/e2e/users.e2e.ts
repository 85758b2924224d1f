/**
 * A member with the "manage users" permission adds a user from the portal's Users page, and the
 * user reaches Watcher (through the sync job that the worker, here POST /api/watcher/sync, runs)
 * as a member of the organization, able to sign in there with the password it was given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiAs, e2e, launchBrowser, screenshot, signInToPortal, type Browser } from './harness/browser'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function watcher<T = any>(route: string): Promise<T> {
  const { watcherUrl, watcherAdmin } = e2e()
  const response = await fetch(`${watcherUrl}/watcher/admin-api/v3${route}`, {
    headers: { authorization: `Basic ${Buffer.from(`${watcherAdmin.user}:${watcherAdmin.password}`).toString('base64')}` },
  })
  if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

describe('users of an organization, from the portal', () => {
  // PENDING until the portal's Users page is committed (its engineer is finishing it)
  it.skip('a member with can_edit_users adds a user, and the user appears in the Watcher emulator', async () => {
    const { history, watcherUrl } = e2e()
    const { page } = browser
    const login = `guard-${Date.now().toString(36)}`
    const password = 'Night-Shift-2026'

    await signInToPortal(browser, 'acme-admin')
    await page.goto(`/portal/o/${history.acme}/users`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Users')
    await screenshot(page, 'portal-users')

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add user' }) })
    await form.getByLabel('Login').fill(login)
    await form.getByLabel('Name').fill('Gina Guard')
    await form.getByLabel('E-mail').fill(`${login}@acme.example.test`)
    await form.getByLabel('Type it now').check()
    await form.getByLabel('Password', { exact: true }).fill(password)
    await form.getByRole('button', { name: 'Add user' }).click()
    await page.getByRole('status').filter({ hasText: `User ${login} added` }).waitFor()
    await expect.poll(() => page.getByRole('table').first().textContent()).toContain(login)

    // what the worker does within a second
    const synced = await apiAs<{ pending: number }>('admin', 'POST', '/api/watcher/sync')
    expect(synced.status).toBe(200)

    const found = await watcher<{ users_list: { id: number; name: string }[] }>(`/users?name=${login}&limit=5`)
    expect(found.users_list.map((user) => user.name)).toEqual([login])
    const acme = (await apiAs('admin', 'GET', `/api/organizations/${history.acme}?depth=0`)).body
    const members = await watcher<Record<string, any>>(`/organizations/${acme.watcher.id}/users`)
    expect(JSON.stringify(members)).toContain(`"${login}"`)
    // the same password works in Watcher
    const signIn = await fetch(`${watcherUrl}/watcher/client-api/v3/login`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` },
    })
    await signIn.arrayBuffer()
    expect(signIn.status).toBe(200)
  })
})
