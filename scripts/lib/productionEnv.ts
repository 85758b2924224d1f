/**
 * What production processes (`npm run serve`, `npm run worker` with NODE_ENV=production) need
 * from the environment, and the refusal when something is missing. Unlike `npm start`, they never
 * generate a secret, start a database or guess an address.
 */
import path from 'node:path'
import dotenv from 'dotenv'

/** Required in production, with the reason given when one is missing. */
export const PRODUCTION_VARIABLES = {
  DATABASE_URL: 'the PostgreSQL connection string (postgres://user:password@host:5432/billing)',
  PAYLOAD_SECRET:
    'signs sessions and derives encryption keys; the same value on every app and worker machine',
  SERVER_URL:
    'the public address of billing (https://billing.example.com): every link in an e-mail is built from it',
} as const

/** Exit code of a refused start: EX_CONFIG, which the systemd units do not restart (RestartPreventExitStatus). */
export const EXIT_CONFIG = 78

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production'
}

/** Reads .env when there is one (as `next start` does), never writing to it; the environment wins. */
export function readEnvFile(file = path.resolve('.env')): void {
  dotenv.config({ path: file, quiet: true } as dotenv.DotenvConfigOptions)
}

export function missingProductionVariables(
  env: NodeJS.ProcessEnv = process.env,
): (keyof typeof PRODUCTION_VARIABLES)[] {
  return (Object.keys(PRODUCTION_VARIABLES) as (keyof typeof PRODUCTION_VARIABLES)[]).filter(
    (name) => !(env[name] ?? '').trim(),
  )
}

/** Says what is missing and why it is needed (never a value), then exits with EXIT_CONFIG. */
export function refuseWithoutProductionVariables(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const missing = missingProductionVariables(env)
  if (missing.length === 0) return
  const lines = [
    `[${name}] refusing to start: ${missing.join(', ')} ${missing.length === 1 ? 'is not set (production needs it)' : 'are not set (production needs them)'}.`,
    ...missing.map((variable) => `  ${variable}: ${PRODUCTION_VARIABLES[variable]}`),
    `  Set them in the environment (the systemd EnvironmentFile, see README "Production") or in .env.`,
  ]
  console.error(lines.join('\n'))
  process.exit(EXIT_CONFIG)
}

/** SERVER_URL must be an absolute http(s) address: links are built from it. */
export function checkServerUrl(name: string, value = process.env.SERVER_URL): void {
  let url: URL | undefined
  try {
    url = new URL(value ?? '')
  } catch {
    url = undefined
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return
  console.error(
    `[${name}] refusing to start: SERVER_URL is not an http(s) address (${PRODUCTION_VARIABLES.SERVER_URL}).`,
  )
  process.exit(EXIT_CONFIG)
}
