/**
 * `npm run seed` (scripts/seed.ts) on this file's database: it migrates, creates the first admin and
 * loads the demo catalogue and accounts; a second run adds nothing.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { testPayload } from '../helpers/app'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function seedOnce(credentialsFile: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'seed'], {
    cwd: ROOT,
    env: { ...process.env, CREDENTIALS_FILE: credentialsFile, SEED_DEMO: 'true' },
    timeout: 120_000,
  })
  return `${stdout}\n${stderr}`
}

it('loads the demo once, and a second run adds nothing', async () => {
  const payload = await testPayload()
  const credentials = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-')), 'credentials.json')

  const first = await seedOnce(credentials)
  expect(first).toMatch(/\[seed\] \d+ demo records added/)
  const organizations = await payload.count({
    collection: 'organizations',
    where: { title: { equals: 'ООО «Ромашка»' } },
  })
  expect(organizations.totalDocs).toBe(1)
  expect(Object.keys(JSON.parse(fs.readFileSync(credentials, 'utf8'))).length).toBeGreaterThan(1)

  const before = await payload.count({ collection: 'users' })
  const second = await seedOnce(credentials)
  expect(second).toContain('[seed] the demo data is already there: nothing added')
  expect((await payload.count({ collection: 'users' })).totalDocs).toBe(before.totalDocs)
}, 240_000)
