// Lint rules that keep the one shape of DESIGN.md section 2: no import cycles, and no import into
// another domain's folder except its index.ts. Formatting is Prettier's (npm run format:check).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import tseslint from 'typescript-eslint'

/** Folders of src/ whose files other code may reach only through their index.ts. */
const DOMAINS = [
  'invoicing',
  'payments',
  'creditNotes',
  'ledger',
  'events',
  'dunning',
  'notifications',
  'portal',
  'dashboard',
  'operations',
  'secrets',
  'pricing',
  'i18n',
  'plugins/watcher',
]

/**
 * Entries besides index.ts: the portal's server actions and the client-safe pieces its client
 * components import (through index.ts they would pull Payload into the browser bundle), and the
 * request log wrapper of the route files (it reads the config: from operations/index.ts it would
 * make a cycle through payload.config.ts).
 */
const OTHER_ENTRIES = {
  portal: [
    './actions.ts',
    './passwordActions.ts',
    './memberActions.ts',
    './memberOptions.ts',
    './FormError.tsx',
  ],
  operations: ['./withRequestLog.ts'],
}

const domainBoundaries = DOMAINS.flatMap((domain) =>
  [`./src/!(${domain.split('/')[0]})/**/*`, './src/*.ts', './payload.config.ts'].map((target) => ({
    target,
    from: `./src/${domain}`,
    except: ['./index.ts', ...(OTHER_ENTRIES[domain] ?? [])],
    message: `import ${domain} through src/${domain}/index.ts`,
  })),
)

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'src/payload-types.ts',
      'src/migrations/**',
      'src/app/(payload)/admin/importMap.js',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: domainBoundaries }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // terminal colour codes are stripped from child processes' output on purpose
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
)
