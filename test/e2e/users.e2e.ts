/**
 * A member with the "manage users" permission adds a user from the portal's Users page, and the
 * user reaches Watcher (through the sync job that the worker, here POST /api/watcher/sync, runs)
 * as a member of the organization, able to sign in there with the password it was given.
 */
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

/** A GET on Watcher's v3 API as its administrator (`admin-api` or `client-api`). */
async function watcher<T = any>(api: 'admin-api' | 'client-api', route: string): Promise<T> {
  const { watcherUrl, watcherAdmin } = e2e()
  const response = await fetch(`${watcherUrl}/watcher/${api}/v3${route}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${watcherAdmin.user}:${watcherAdmin.password}`).toString('base64')}`,
    },
  })
  if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

describe('users of an organization, from the portal', () => {
  it('a member with can_edit_users adds a user, and the user appears in the Watcher emulator', async () => {
    const { history, watcherUrl } = e2e()
    const { page } = browser
    const login = 'gina.guard' // each run starts from a fresh database and emulator
    const password = 'Night-Shift-2026'

    await signInToPortal(browser, 'acme-admin')
    await page
      .getByRole('navigation', { name: 'Portal' })
      .getByRole('link', { name: 'Users' })
      .click()
    await page.waitForURL(/\/portal\/o\/\d+\/users/)
    await page.goto(`/portal/o/${history.acme}/users`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Users')

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add user' }) })
    await form.getByLabel('Login').fill(login)
    await form.getByLabel('Name').fill('Gina Guard')
    await form.getByLabel('E-mail').fill(`${login}@acme.example.test`)
    await form.getByLabel('Type it now').check()
    await form.getByLabel('Password', { exact: true }).fill(password)
    await form.getByRole('button', { name: 'Add user' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `User ${login} added` })
      .waitFor()
    await expect.poll(() => page.getByRole('table').first().textContent()).toContain(login)
    await screenshot(page, 'portal-users')

    // what the worker does within a second
    const synced = await apiAs<{ pending: number }>('admin', 'POST', '/api/watcher/sync')
    expect(synced.status).toBe(200)

    const found = await watcher<{ users_list: { id: number; name: string }[] }>(
      'admin-api',
      `/users?name=${login}&limit=5`,
    )
    expect(found.users_list.map((user) => user.name)).toEqual([login])
    const acme = (await apiAs('admin', 'GET', `/api/organizations/${history.acme}?depth=0`)).body
    const members = await watcher<{
      users: { id: number; name: string; permissions: { organization: Record<string, boolean> } }[]
    }>('client-api', `/organizations/${acme.watcher.id}/users?limit=100`)
    const member = members.users.find((entry) => entry.id === found.users_list[0]!.id)
    expect(member?.name).toBe(login)
    // the form's default: view streams only
    expect(member?.permissions.organization).toMatchObject({
      can_view_streams: true,
      can_edit_streams: false,
      can_edit_users: false,
    })
    // the same password works in Watcher
    const signIn = await fetch(`${watcherUrl}/watcher/client-api/v3/login`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` },
    })
    await signIn.arrayBuffer()
    expect(signIn.status).toBe(200)
  })
})
