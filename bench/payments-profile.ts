/**
 * The cheap loop for the payments benchmark's phase (a) (issue 15): recordPayment as POST
 * /api/payments calls it, one writer on distinct payers, the answer at default depth and at
 * depth 0 in alternating rounds, and the populations the default answer makes (the payer and
 * `createdBy`, each a Payload find as the dataloader runs it) timed alone. Prints this process's
 * CPU per payment, the figure the machine's load disturbs least.
 * `npx tsx bench/payments-profile.ts [--payments 300] [--rounds 3] [--profile <file.cpuprofile>] [--sql]`
 * (`--profile`: a CPU profile of the default-depth rounds only; `--sql`: the statements of a few
 * payments at default depth, each with its round trip).
 */
import fs from 'node:fs'
import { Session } from 'node:inspector/promises'
import { parseArgs } from 'node:util'
import { seedIssuedInvoices, seedPayers, startBenchDatabase } from './billing-db'

const { values } = parseArgs({
  options: {
    payments: { type: 'string' },
    rounds: { type: 'string' },
    profile: { type: 'string' },
    sql: { type: 'boolean' },
  },
})
const payments = Number(values.payments ?? 300)
const rounds = Number(values.rounds ?? 3)

const db = await startBenchDatabase('payments-profile', { throwaway: true })
const { payload, pool } = db
try {
  const { createLocalReq } = await import('payload')
  const { recordPayment } = await import('../src/payments')
  const accountant = (await (payload.create as (args: unknown) => Promise<{ id: number }>)({
    collection: 'users',
    data: {
      email: 'bench-accountant@example.test',
      login: 'bench-accountant',
      password: 'bench-password-0123456789',
      role: 'accountant',
    },
    depth: 0,
  })) as { id: number }
  const user = { ...accountant, collection: 'users' }
  // each payer pays 75.00 at a time on 6 × 100.00: enough for every round of both depths
  const payers = await seedPayers(pool, Math.ceil((payments * 3 * rounds) / 7), {
    prefix: 'Profile payer',
  })
  await seedIssuedInvoices(
    pool,
    payers.flatMap((organization) =>
      Array.from({ length: 6 }, (_, month) => ({
        organization,
        period: `2026-${String(month + 1).padStart(2, '0')}`,
        total: 100_000,
        currency: 'EUR',
        issuedAt: new Date(Date.UTC(2026, month + 1, 1)),
        dueAt: new Date(Date.UTC(2026, month + 1, 15)),
      })),
    ),
    'PROFILE',
  )
  await pool.query('analyze')

  let sequence = 0
  const pay = async (depth: number | undefined, organization: number) => {
    const key = `profile-${++sequence}`
    const req = await createLocalReq({ user: user as never }, payload)
    const recorded = await recordPayment(
      req,
      { organization, amount: 7_500, currency: 'EUR', method: 'bank_transfer', reference: key },
      { idempotency: { scope: `user:${accountant.id}`, key }, depth },
    )
    if (recorded.status !== 201) throw new Error(`payment ${key}: ${recorded.status}`)
    return recorded.body.doc
  }
  const timed = async (label: string, n: number, work: (i: number) => Promise<unknown>) => {
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await work(i)
    const wall = (performance.now() - t0) / n
    const used = process.cpuUsage(cpu)
    const cpuMs = (used.user + used.system) / 1000 / n
    console.log(`  ${label.padEnd(44)} ${wall.toFixed(2)} ms wall, ${cpuMs.toFixed(2)} ms CPU each`)
    return cpuMs
  }

  const sample = await pay(undefined, payers[0]!)
  console.log(
    'the answer at default depth:',
    JSON.stringify(sample, (key, value) => (key === 'allocations' ? `[${value.length}]` : value)),
  )
  const session = values.profile ? new Session() : null
  if (session) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 200 })
  }
  const organizationOf = (i: number) => payers[i % payers.length]!
  // statements per payment: every query of Payload's pool goes through its pg Client
  const Client = (pool as unknown as { Client: { prototype: { query: unknown } } }).Client
  const query = Client.prototype.query as (...args: unknown[]) => unknown
  let statements = 0
  let printing = false
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++
    if (!printing) return query.apply(this, args)
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text
    const line = String(text).replace(/\s+/g, ' ').slice(0, 200)
    const started = performance.now()
    const result = query.apply(this, args)
    // the round trip as the caller waits for it (promise form; Payload's and ours all use it)
    if (result instanceof Promise)
      void result.finally(() =>
        console.log(`    ${(performance.now() - started).toFixed(2).padStart(6)} ms  ${line}`),
      )
    else console.log(`           ${line}`)
    return result
  }
  if (values.sql) {
    // warm first: the round trips of a process and a database past their first payments
    for (let i = 0; i < 200; i++) await pay(undefined, organizationOf(i + 3))
    console.log('the statements of a payment at default depth, after 200 to warm up:')
    printing = true
    for (let i = 0; i < 3; i++) {
      await pay(undefined, organizationOf(i))
      console.log('    --')
    }
    printing = false
  }
  // the two depths interleaved payment by payment, so that the machine's load falls on both alike
  const interleaved = async (n: number) => {
    const cpu = [0, 0]
    const counted = [0, 0]
    for (let i = 0; i < n; i++) {
      const variant = i % 2
      const before = process.cpuUsage()
      const sent = statements
      await pay(variant === 0 ? undefined : 0, organizationOf(i))
      const used = process.cpuUsage(before)
      cpu[variant]! += (used.user + used.system) / 1000
      counted[variant]! += statements - sent
    }
    const half = n / 2
    console.log(
      `  interleaved: default depth ${(cpu[0]! / half).toFixed(2)} ms CPU, ${(counted[0]! / half).toFixed(1)} statements; depth 0 ${(cpu[1]! / half).toFixed(2)} ms CPU, ${(counted[1]! / half).toFixed(1)} statements`,
    )
  }
  for (let round = 1; round <= rounds; round++) {
    console.log(
      `round ${round} (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`,
    )
    if (session) await session.post('Profiler.start')
    await timed('recordPayment, default depth', payments, (i) => pay(undefined, organizationOf(i)))
    if (session) {
      const { profile } = await session.post('Profiler.stop')
      fs.writeFileSync(`${values.profile}.${round}`, JSON.stringify(profile))
    }
    await timed('recordPayment, depth 0', payments, (i) => pay(0, organizationOf(i + 1)))
    await interleaved(payments)
    // the two populations of the default answer, as the dataloader asks them (with the request's user)
    const req = await createLocalReq({ user: user as never }, payload)
    await timed('populate the payer (find, depth 1)', payments, (i) =>
      payload.find({
        collection: 'organizations',
        where: { id: { in: [organizationOf(i)] } },
        depth: 1,
        currentDepth: 1,
        overrideAccess: false,
        pagination: false,
        select: payload.collections.organizations.config.defaultPopulate,
        req,
      } as never),
    )
    await timed('populate createdBy (find, depth 1)', payments, () =>
      payload.find({
        collection: 'users',
        where: { id: { in: [accountant.id] } },
        depth: 1,
        currentDepth: 1,
        overrideAccess: false,
        pagination: false,
        select: payload.collections.users.config.defaultPopulate,
        req,
      } as never),
    )
  }
} finally {
  await db.stop()
}
process.exit(0)
