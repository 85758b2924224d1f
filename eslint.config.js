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
  'plugins/watcher',
]

const domainBoundaries = DOMAINS.flatMap((domain) =>
  [`./src/!(${domain.split('/')[0]})/**/*`, './src/*.ts', './payload.config.ts'].map((target) => ({
    target,
    from: `./src/${domain}`,
    except: ['./index.ts'],
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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
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
