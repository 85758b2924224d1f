import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'
import { withConditionFlag } from './scripts/lib/nodeOptions'

// the test workers and the scripts tests start load the Payload config natively, and need the
// flag even when vitest is not started through npm (scripts/lib/nodeOptions.ts)
process.env.NODE_OPTIONS = withConditionFlag()

/**
 * Files that configure Payload through the environment before importing it (a delivery attempt
 * count, a secret), or that mock a module (`vi.mock` of next/headers for the portal's server
 * actions: a module an earlier file loaded in a shared process would stay unmocked): they need a
 * process of their own. Every other file shares its worker's process, Payload included
 * (test/helpers/sharedProcess.ts), with a database of its own.
 */
const ownProcess = [
  'test/int/watcher/failure.test.ts',
  'test/int/secrets/rotation.test.ts',
  'test/int/portal/portal-language.test.ts',
]

/** The pure rules: no database, no Payload, so no copy of the template either. */
const unit = ['test/unit/**/*.test.ts', 'src/**/*.spec.ts']
const include = ['test/**/*.test.ts']
// the real-Watcher contract runs only through `npm run test:contract` (it needs a Watcher)
const exclude =
  process.env.WATCHER_CONTRACT === 'real'
    ? ['**/node_modules/**']
    : ['test/contract/real-watcher.test.ts', '**/node_modules/**']

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: 'node',
    pool: 'forks',
    // every file has its own database (test/setup.ts), so files run side by side; more workers
    // than cores only adds contention
    fileParallelism: true,
    maxWorkers: Number(process.env.TEST_WORKERS) || 2,
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          isolate: false,
          setupFiles: ['./test/setup.ts'],
          include,
          exclude: [...exclude, ...ownProcess, ...unit],
        },
      },
      {
        extends: true,
        test: {
          name: 'own process',
          isolate: true,
          setupFiles: ['./test/setup.ts'],
          include: ownProcess,
          exclude,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          isolate: false,
          setupFiles: ['./test/setupUnit.ts'],
          include: unit,
          exclude,
        },
      },
    ],
  },
})
