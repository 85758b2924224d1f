/** `npm run dev`: the Next development server on the same database and Watcher as `npm start`. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { loadEnv } from '../src/config/loadEnv'
import { ensureDatabaseUrl } from '../src/db/bootstrap'

loadEnv()
const database = await ensureDatabaseUrl(console.log)
if (!process.env.WATCHER_URL) {
  const { startWatcherEmulator } = await import('../src/watcher-emulator')
  const emulator = await startWatcherEmulator({
    port: 0,
    stateFile: path.resolve('.data/watcher-emulator.json'),
  })
  process.env.WATCHER_URL = emulator.url
}
const prepare = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/prepare.ts'], {
  stdio: 'inherit',
})
await new Promise((resolve) => prepare.once('exit', resolve))
const next = spawn(
  path.resolve('node_modules/.bin/next'),
  ['dev', '-p', process.env.PORT ?? '3000'],
  {
    stdio: 'inherit',
  },
)
next.once('exit', async (code) => {
  await database.stop()
  process.exit(code ?? 0)
})
process.once('SIGINT', () => next.kill('SIGINT'))
