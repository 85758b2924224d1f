/**
 * `npm run migrate:create -- <name>`: writes a migration for the current schema into src/migrations,
 * against the embedded PostgreSQL when DATABASE_URL is unset.
 */
import { spawnSync } from 'node:child_process'
import { ensureDatabaseUrl } from '../src/db/bootstrap'
import { withConditionFlag } from './lib/nodeOptions'

const database = await ensureDatabaseUrl(console.log)
const result = spawnSync('npx', ['payload', 'migrate:create', ...process.argv.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PAYLOAD_CONFIG_PATH: 'payload.config.ts',
    NODE_OPTIONS: withConditionFlag('--no-deprecation'),
  },
})
await database.stop()
process.exit(result.status ?? 1)
