import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'
import { withConditionFlag } from '../../scripts/lib/nodeOptions'

process.env.NODE_OPTIONS = withConditionFlag() // scripts/lib/nodeOptions.ts

/**
 * `npm run test:e2e`: the browser scenarios (test/e2e/*.e2e.ts, which `npm test` does not pick
 * up) against one production server that the global setup starts for all of them.
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    root: new URL('../..', import.meta.url).pathname,
    environment: 'node',
    pool: 'forks',
    // one server, one browser at a time: scenarios share the demo data and the machine has 2 cores
    fileParallelism: false,
    globalSetup: ['./test/e2e/harness/globalSetup.ts'],
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
})
