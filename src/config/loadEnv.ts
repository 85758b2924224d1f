import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import dotenv from 'dotenv'

/** Loads .env and writes a PAYLOAD_SECRET into it on first start when none is set. */
export function loadEnv(): void {
  const file = path.resolve('.env')
  dotenv.config({ path: file, quiet: true } as dotenv.DotenvConfigOptions)
  if (process.env.PAYLOAD_SECRET) return
  const secret = randomBytes(32).toString('hex')
  const prefix = fs.existsSync(file) && !fs.readFileSync(file, 'utf8').endsWith('\n') ? '\n' : ''
  fs.appendFileSync(file, `${prefix}PAYLOAD_SECRET=${secret}\n`, { mode: 0o600 })
  process.env.PAYLOAD_SECRET = secret
}
