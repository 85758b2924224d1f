/**
 * Backups (README, "Backups"): the billing database dumped with `pg_dump -Fc` and restored with
 * `pg_restore` into a fresh database on the same server gives back every issued invoice's stored
 * PDF (sha256 intact) and every payer's ledger balance, checked with plain SQL, with the project's
 * own ledger function and with a second Payload instance (Local API) on the restored database.
 *
 * pg_dump and pg_restore come from PATH (PostgreSQL client tools, e.g. Debian's
 * postgresql-client-15; the embedded PostgreSQL ships no client tools). Without them, or when they
 * are older than the server, the test is skipped and says why.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { postgresAdapter } from '@payloadcms/db-postgres'
import config from '@payload-config'
import { getPayload, type Payload } from 'payload'
import pg from 'pg'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload } from '../helpers/app'
import { dropDatabase, ensureDatabase } from '../../src/db/embeddedPostgres'
import { invoicePdf, issueInvoice, payInvoice } from '../../src/invoicing'
import { balances } from '../../src/ledger'

const tag = `bak${Date.now().toString(36)}`

/** The major version of a PostgreSQL client tool on PATH, or why it cannot be used. */
function toolMajor(tool: string): number | string {
  const answer = spawnSync(tool, ['--version'], { encoding: 'utf8' })
  if (answer.error || answer.status !== 0)
    return `${tool} is not installed (PostgreSQL client tools; CI has version 15)`
  const major = Number(/(\d+)(?:\.\d+)?/.exec(answer.stdout)?.[1])
  return Number.isFinite(major)
    ? major
    : `cannot read the version of ${tool}: ${answer.stdout.trim()}`
}

const dumpMajor = toolMajor('pg_dump')
const restoreMajor = toolMajor('pg_restore')
const missing = [dumpMajor, restoreMajor].find(
  (value): value is string => typeof value === 'string',
)
if (missing) console.warn(`[backup.test] skipped: ${missing}`)

function run(tool: string, args: string[]): void {
  const answer = spawnSync(tool, args, { encoding: 'utf8' })
  if (answer.status !== 0)
    throw new Error(
      `${tool} ${args.join(' ')} failed (${answer.status}): ${answer.stderr || answer.error}`,
    )
}

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

let payload: Payload
let restored: Payload | undefined
let source: pg.Pool
let copy: pg.Pool | undefined
let skipReason: string | undefined
const sourceUrl = () => process.env.DATABASE_URL!
const restoredName = `${new URL(process.env.DATABASE_URL ?? 'postgres://x/db').pathname.slice(1)}_restored`
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-'))
const dumpFile = path.join(workDir, 'billing.dump')
const mine = { invoices: [] as number[], payers: [] as number[] }

beforeAll(async () => {
  payload = await testPayload()
  source = (payload.db as unknown as { pool: pg.Pool }).pool
  if (missing) return
  const { rows } = await source.query<{ version: string }>(
    `select current_setting('server_version_num') as version`,
  )
  const serverMajor = Math.floor(Number(rows[0]!.version) / 10_000)
  // pg_dump refuses a server newer than itself
  if ((dumpMajor as number) < serverMajor || (restoreMajor as number) < serverMajor) {
    skipReason = `pg_dump ${dumpMajor} / pg_restore ${restoreMajor} are older than the server (PostgreSQL ${serverMajor})`
    console.warn(`[backup.test] skipped: ${skipReason}`)
    return
  }

  // something worth restoring: issued invoices with their PDFs, a payment, a partly paid payer
  const create = (collection: string, data: Record<string, unknown>) =>
    (payload.create as any)({ collection, data }) as Promise<any>
  const paid = await create('organizations', {
    title: `Paid ${tag}`,
    currency: 'EUR',
    paymentTermsDays: 14,
  })
  const owing = await create('organizations', {
    title: `Owing ${tag}`,
    currency: 'EUR',
    paymentTermsDays: 30,
  })
  mine.payers.push(paid.id, owing.id)
  const issued = async (organization: number, period: string, total: number, at: string) => {
    const draft = await create('invoices', {
      organization,
      period,
      currency: 'EUR',
      subtotal: total,
      tax: 0,
      total,
    })
    await issueInvoice(payload, draft.id, { now: new Date(at) })
    mine.invoices.push(draft.id)
    return draft.id as number
  }
  const first = await issued(paid.id, '2045-01', 12_345, '2045-02-02T09:00:00Z')
  await issued(owing.id, '2045-01', 20_000, '2045-02-02T09:00:00Z')
  await issued(owing.id, '2045-02', 7_500, '2045-03-02T09:00:00Z')
  await payInvoice(payload, first, {
    paidAt: new Date('2045-02-10T10:00:00Z'),
    reference: `WIRE-${tag}`,
  })
  await create('payments', {
    organization: owing.id,
    amount: 5_000,
    currency: 'EUR',
    date: '2045-03-05T10:00:00Z',
    method: 'card',
    reference: `CARD-${tag}`,
  })

  // the backup: pg_dump's custom format, restored into a new database on the same server
  run('pg_dump', ['-Fc', '--no-owner', '-f', dumpFile, '-d', sourceUrl()])
  await dropDatabase(withDatabase(sourceUrl(), 'postgres'), restoredName).catch(() => undefined)
  await ensureDatabase(withDatabase(sourceUrl(), 'postgres'), restoredName)
  run('pg_restore', [
    '--no-owner',
    '--exit-on-error',
    '-d',
    withDatabase(sourceUrl(), restoredName),
    dumpFile,
  ])
  copy = new pg.Pool({ connectionString: withDatabase(sourceUrl(), restoredName), max: 2 })
})

afterAll(async () => {
  // Payload's destroy() leaves the adapter's pool open, one connection checked out for good (it
  // listens for its errors itself): idle ones are closed here, that one ends with the database
  const restoredPool = (restored?.db as unknown as { pool?: pg.Pool } | undefined)?.pool
  await restored?.destroy().catch(() => undefined)
  restoredPool?.on('error', () => undefined)
  void restoredPool?.end().catch(() => undefined)
  await copy?.end().catch(() => undefined)
  if (!missing && !skipReason)
    await dropDatabase(withDatabase(sourceUrl(), 'postgres'), restoredName).catch(() => undefined)
  fs.rmSync(workDir, { recursive: true, force: true })
})

const skip = Boolean(missing)

describe.skipIf(skip)(
  `backup and restore with pg_dump -Fc / pg_restore${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('every table has the same rows', async (context) => {
      if (skipReason) return context.skip(skipReason)
      const { rows: tables } = await source.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      )
      expect(tables.length).toBeGreaterThan(20)
      for (const { name } of tables) {
        const fingerprint = `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from "${name}" t`
        const [before, after] = await Promise.all([
          source.query(fingerprint),
          copy!.query(fingerprint),
        ])
        expect(after.rows[0], name).toEqual(before.rows[0])
      }
    })

    it("every issued invoice's stored PDF is there, its sha256 intact", async (context) => {
      if (skipReason) return context.skip(skipReason)
      const query = `select d.invoice_id, d.filename, d.sha256, d.data from invoice_documents d join invoices i on i.id = d.invoice_id
                   where i.status <> 'draft' order by d.invoice_id`
      const [before, after] = await Promise.all([source.query(query), copy!.query(query)])
      expect(after.rows.map((row) => row.invoice_id)).toEqual(expect.arrayContaining(mine.invoices))
      expect(after.rows).toEqual(before.rows)
      for (const row of after.rows) {
        expect(
          createHash('sha256').update(Buffer.from(row.data, 'base64')).digest('hex'),
          `invoice ${row.invoice_id}`,
        ).toBe(row.sha256)
      }
      // no issued invoice lost its document
      const orphans = await copy!.query(
        `select i.id from invoices i left join invoice_documents d on d.invoice_id = i.id where i.status in ('issued', 'paid') and d.id is null`,
      )
      expect(orphans.rows).toEqual([])
    })

    it("every payer's ledger balance is the source's (the project's balances function on both)", async (context) => {
      if (skipReason) return context.skip(skipReason)
      const { rows } = await source.query<{ organization_id: number }>(
        'select distinct organization_id from ledger_entries order by 1',
      )
      expect(rows.map((row) => row.organization_id)).toEqual(expect.arrayContaining(mine.payers))
      for (const { organization_id: payer } of rows) {
        expect(await balances(copy!, payer), `payer ${payer}`).toEqual(
          await balances(source, payer),
        )
      }
      expect(await balances(copy!, mine.payers[0]!)).toEqual([{ currency: 'EUR', amount: 0 }])
      expect(await balances(copy!, mine.payers[1]!)).toEqual([
        { currency: 'EUR', amount: 20_000 + 7_500 - 5_000 },
      ])
    })

    it('a Payload instance on the restored database serves the same invoices, PDFs and payments', async (context) => {
      if (skipReason) return context.skip(skipReason)
      const base = await config
      restored = await getPayload({
        config: {
          ...base,
          db: postgresAdapter({
            pool: { connectionString: withDatabase(sourceUrl(), restoredName), max: 3 },
            push: false,
          }) as typeof base.db,
        },
        key: `restored-${tag}`,
      })
      const where = { id: { in: mine.invoices } }
      const [before, after] = await Promise.all([
        payload.find({ collection: 'invoices', where, depth: 0, sort: 'id', pagination: false }),
        restored.find({ collection: 'invoices', where, depth: 0, sort: 'id', pagination: false }),
      ])
      const summary = (docs: any[]) =>
        docs.map((doc) => [
          doc.id,
          doc.number,
          doc.status,
          doc.total,
          doc.amountPaid,
          doc.amountDue,
        ])
      expect(summary(after.docs)).toEqual(summary(before.docs))
      expect(after.docs.map((doc) => doc.status)).toEqual(['paid', 'issued', 'issued'])
      for (const invoice of after.docs) {
        const pdf = await invoicePdf(restored, invoice.id)
        expect(pdf.data.equals((await invoicePdf(payload, invoice.id)).data)).toBe(true)
        const text = (await new PDFParse({ data: new Uint8Array(pdf.data) }).getText()).text
        expect(text).toContain(invoice.number!)
      }
      const payments = await restored.find({
        collection: 'payments',
        where: { reference: { in: [`WIRE-${tag}`, `CARD-${tag}`] } },
        depth: 0,
        sort: 'id',
      })
      expect(payments.docs.map((doc) => [doc.amount, doc.currency, doc.reference])).toEqual([
        [12_345, 'EUR', `WIRE-${tag}`],
        [5_000, 'EUR', `CARD-${tag}`],
      ])
      // the restored database is at the same migration as the code
      const migrations = await restored.find({
        collection: 'payload-migrations',
        limit: 0,
        pagination: false,
        sort: 'name',
      } as never)
      expect((migrations.docs as any[]).map((doc) => doc.name)).toEqual(
        expect.arrayContaining(
          (
            await payload.find({
              collection: 'payload-migrations',
              limit: 0,
              pagination: false,
            } as never)
          ).docs.map((doc: any) => doc.name),
        ),
      )
    })
  },
)
