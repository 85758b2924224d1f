import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AuthService } from './auth'
import { Clock, RequestStats, type EmulatorContext } from './context'
import { CONTROL_BASE, createControlApi } from './control'
import { DomainError } from './errors'
import { Faults } from './faults'
import { readBody, sendReply, type Reply, type RequestContext } from './http'
import { WatcherOperations } from './operations'
import { StateFile } from './persistence'
import { ListEngine } from './query'
import { WatcherState } from './state'
import { createV2Api, V2_BASE, v2ErrorReply } from './v2/routes'
import { createV3Api, V3_ADMIN_BASE, V3_CLIENT_BASE, v3ErrorReply } from './v3/routes'

export interface WatcherEmulatorOptions {
  /** 0 picks a free port. Default 8090. */
  port?: number
  host?: string
  adminUser?: string
  adminPassword?: string
  /** The v2 system API key (`x-vsaas-api-key`); v2 key auth is refused without one. */
  apiKey?: string
  /** Lifetime of v3 access tokens; default 15 minutes. */
  tokenTtlSeconds?: number
  /** Load the state from this JSON file when it exists, and save changes to it. */
  stateFile?: string
}

export interface WatcherEmulator {
  /** Base URL, e.g. `http://127.0.0.1:8090` (no trailing slash). */
  url: string
  port: number
  state: WatcherState
  operations: WatcherOperations
  faults: Faults
  clock: Clock
  close(): Promise<void>
}

/** Starts the Watcher emulator in this process. */
export async function startWatcherEmulator(
  options: WatcherEmulatorOptions = {},
): Promise<WatcherEmulator> {
  const clock = new Clock()
  const state = new WatcherState(
    { adminUser: options.adminUser ?? 'admin', adminPassword: options.adminPassword ?? 'admin' },
    clock.now,
  )
  const stateFile = options.stateFile ? new StateFile(options.stateFile, state) : null
  if (stateFile) await stateFile.load()

  const context: EmulatorContext = {
    state,
    ops: new WatcherOperations(state),
    engine: new ListEngine(() => state.version),
    auth: new AuthService(state, {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
      apiKey: options.apiKey,
    }),
    faults: new Faults(),
    clock,
    stats: new RequestStats(),
    save: async () => {
      if (!stateFile) return false
      await stateFile.save()
      return true
    },
  }
  const handleV3 = createV3Api(context)
  const handleV2 = createV2Api(context)
  const handleControl = createControlApi(context)

  async function route(request: RequestContext): Promise<Reply> {
    const { path } = request
    if (path === CONTROL_BASE || path.startsWith(`${CONTROL_BASE}/`)) {
      return handleControl({ ...request, path: path.slice(CONTROL_BASE.length) })
    }
    const faultStatus = await context.faults.apply(path, request.method)
    if (faultStatus !== null)
      return errorReply(path, faultStatus, 'injected_fault', 'injected fault')
    for (const [base, api] of [
      [V3_CLIENT_BASE, 'client'],
      [V3_ADMIN_BASE, 'admin'],
    ] as const) {
      if (path === base || path.startsWith(`${base}/`)) {
        return handleV3(api, { ...request, path: path.slice(base.length) || '/' })
      }
    }
    if (path === V2_BASE || path.startsWith(`${V2_BASE}/`)) {
      return handleV2({ ...request, path: path.slice(V2_BASE.length) || '/' })
    }
    return errorReply(path, 404, 'not_found', `no such endpoint: ${path}`)
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://emulator')
    const path =
      url.pathname.length > 1 && url.pathname.endsWith('/')
        ? url.pathname.replace(/\/+$/, '')
        : url.pathname
    let reply: Reply
    try {
      const body = await readBody(incoming)
      reply = await route({
        method: incoming.method ?? 'GET',
        path,
        params: {},
        query: url.searchParams,
        headers: incoming.headers,
        body,
      })
    } catch (error) {
      if (error instanceof DomainError) {
        reply = errorReply(path, 400, error.code, error.message)
      } else {
        console.error('watcher-emulator: unexpected error', error)
        reply = errorReply(path, 500, 'internal_error', 'internal emulator error')
      }
    }
    context.stats.record(reply.status)
    sendReply(response, reply)
    stateFile?.touch()
  }

  const server = createServer((incoming, response) => {
    void handle(incoming, response)
  })
  server.keepAliveTimeout = 5_000
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8090, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host

  return {
    url: `http://${urlHost}:${port}`,
    port,
    state,
    operations: context.ops,
    faults: context.faults,
    clock,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      if (stateFile) await stateFile.save()
    },
  }
}

function errorReply(path: string, status: number, code: string, message: string): Reply {
  if (path.startsWith(V2_BASE)) return v2ErrorReply(status, code, message)
  return v3ErrorReply(status, code, message)
}
