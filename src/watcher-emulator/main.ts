import { parseArgs } from 'node:util'
import { startWatcherEmulator } from './server'

/** `npm run watcher-emulator -- [--port 8090] [--host 127.0.0.1] [--state FILE]` */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.WATCHER_EMULATOR_PORT ?? '8090' },
    host: { type: 'string', default: process.env.WATCHER_EMULATOR_HOST ?? '127.0.0.1' },
    state: { type: 'string' },
    'token-ttl': { type: 'string' },
  },
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got ${values.port}`)
  process.exit(2)
}

const emulator = await startWatcherEmulator({
  port,
  host: values.host,
  stateFile: values.state,
  adminUser: process.env.WATCHER_USER || 'admin',
  adminPassword: process.env.WATCHER_PASSWORD || 'admin',
  apiKey: process.env.WATCHER_API_KEY || undefined,
  tokenTtlSeconds: values['token-ttl'] ? Number(values['token-ttl']) : undefined,
})
console.log(`Watcher emulator listening on ${emulator.url}`)
console.log(`  v3: ${emulator.url}/watcher/client-api/v3 and ${emulator.url}/watcher/admin-api/v3`)
console.log(
  `  v2: ${emulator.url}/vsaas/api/v2${process.env.WATCHER_API_KEY ? '' : ' (no WATCHER_API_KEY: sessions only)'}`,
)
if (values.state) console.log(`  state file: ${values.state}`)

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}
