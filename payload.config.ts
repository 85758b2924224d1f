import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'
import { Invoices } from './src/collections/Invoices'
import { Organizations } from './src/collections/Organizations'
import { Services } from './src/collections/Services'
import { Subscriptions } from './src/collections/Subscriptions'
import { Users } from './src/collections/Users'
import { serverSecret } from './src/config/serverSecret'
import { databaseUrl } from './src/config/databaseUrl'

const dirname = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({
  secret: serverSecret(),
  serverURL: process.env.SERVER_URL ?? '',
  admin: {
    user: Users.slug,
    meta: { titleSuffix: ' · Watcher Billing' },
    avatar: 'default', // no Gravatar: operators' networks may be closed
    importMap: { baseDir: dirname },
  },
  collections: [Services, Subscriptions, Organizations, Users, Invoices],
  editor: lexicalEditor(),
  db: postgresAdapter({
    pool: { connectionString: databaseUrl(), max: Number(process.env.DATABASE_POOL_MAX ?? 10) },
    push: false,
    migrationDir: path.resolve(dirname, 'src/migrations'),
  }),
  typescript: { outputFile: path.resolve(dirname, 'src/payload-types.ts') },
  graphQL: { disablePlaygroundInProduction: true },
  telemetry: false,
})
