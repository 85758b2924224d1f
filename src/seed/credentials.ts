import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Generated passwords (the first admin when ADMIN_PASSWORD is unset, the demo users) are kept in
 * .data/credentials.json, readable by the owner only, so `npm start` can print them every time.
 */
const file = () => path.resolve(process.env.CREDENTIALS_FILE ?? '.data/credentials.json')

export type Credentials = Record<string, { email: string; password: string; role: string }>

export function readCredentials(): Credentials {
  try {
    return JSON.parse(fs.readFileSync(file(), 'utf8')) as Credentials
  } catch {
    return {}
  }
}

export function rememberCredentials(login: string, entry: Credentials[string]): void {
  const all = { ...readCredentials(), [login]: entry }
  fs.mkdirSync(path.dirname(file()), { recursive: true, mode: 0o755 })
  fs.writeFileSync(file(), JSON.stringify(all, null, 2), { mode: 0o600 })
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}
