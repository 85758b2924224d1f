import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'
import { withConditionFlag } from './scripts/lib/nodeOptions'

// the test workers and the scripts tests start load the Payload config natively, and need the
// flag even when vitest is not started through npm (scripts/lib/nodeOptions.ts)
process.env.NODE_OPTIONS = withConditionFlag()

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: 'node',
    pool: 'forks',
    // every file has its own database (test/setup.ts), so files run side by side; each one boots
    // Payload, which keeps a core busy for seconds: more workers than cores only adds contention
    fileParallelism: true,
    maxWorkers: Number(process.env.TEST_WORKERS) || 2,
    globalSetup: ['./test/globalSetup.ts'],
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.ts', 'src/**/*.spec.ts'],
    // the real-Watcher contract runs only through `npm run test:contract` (it needs a Watcher)
    exclude:
      process.env.WATCHER_CONTRACT === 'real'
        ? []
        : ['test/contract/real-watcher.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
