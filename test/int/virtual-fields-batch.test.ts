/**
 * The virtual fields of a page (an organization's balance, an invoice's allocations) are read in
 * one query per page, not one per document, and still per document correctly.
 */
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { poolOf } from '../../src/db/pool'
import { addLedgerEntry } from '../../src/ledger'
import { withTransaction } from '../../src/db'
import { testPayload } from '../helpers/app'
import { createWorld, type World } from '../helpers/world'

let payload: Payload
let world: World

beforeAll(async () => {
  payload = await testPayload()
  world = await createWorld(payload, 'vbatch')
})

const queriesOn = (table: string, calls: unknown[][]) =>
  calls.filter(([text]) => typeof text === 'string' && text.includes(table)).length

describe('virtual fields of a page', () => {
  it('balances: one ledger query for a page of organizations, each its own balance', async () => {
    const { organizationA, organizationB } = world.organizations
    await withTransaction(payload, ({ sql }) =>
      addLedgerEntry(sql, {
        organization: organizationA.id,
        kind: 'adjustment',
        amount: 1_234,
        currency: 'USD',
        reason: 'batch test',
        occurredAt: new Date(),
      }),
    )
    const pool = poolOf(payload)
    const query = vi.spyOn(pool, 'query')
    try {
      const { docs } = await payload.find({
        collection: 'organizations',
        where: { id: { in: [organizationA.id, organizationB.id] } },
        depth: 0,
        sort: 'id',
      })
      expect(queriesOn('ledger_entries', query.mock.calls)).toBe(1)
      const balance = Object.fromEntries(docs.map((doc) => [doc.id, doc.balance]))
      expect(balance[organizationA.id]).toEqual([{ currency: 'USD', amount: 1_234 }])
      expect(balance[organizationB.id]).toEqual([])
    } finally {
      query.mockRestore()
    }
  })

  it('allocations: one query for a page of issued invoices', async () => {
    const pool = poolOf(payload)
    const ids = Object.values(world.invoices).map((invoice) => invoice.id)
    // issued (allocations are read for issued invoices only); this file's database is its own
    await pool.query(`update invoices set status = 'issued' where id = any($1::int[])`, [ids])
    const query = vi.spyOn(pool, 'query')
    try {
      const { docs } = await payload.find({
        collection: 'invoices',
        where: { id: { in: ids } },
        depth: 0,
      })
      expect(docs).toHaveLength(ids.length)
      expect(queriesOn('payments_allocations', query.mock.calls)).toBe(1)
      for (const doc of docs) expect(doc.allocations).toEqual([])
    } finally {
      query.mockRestore()
    }
  })
})

describe('an organization populated into another document', () => {
  it('shows who it is and where it stands, without its administrator, plans or balance', async () => {
    const invoice = await payload.findByID({
      collection: 'invoices',
      id: world.invoices.invoiceA.id,
      depth: 2,
    })
    const organization = invoice.organization as unknown as Record<string, unknown>
    expect(organization).toMatchObject({
      id: world.organizations.organizationA.id,
      title: world.organizations.organizationA.title,
      payer: 'self',
    })
    expect(organization).not.toHaveProperty('balance')
    expect(organization).not.toHaveProperty('administrator')
    expect(organization).not.toHaveProperty('availableSubscriptions')
  })
})

describe('a user populated into another document', () => {
  it('shows who it is (login, name, e-mail, role), without its memberships', async () => {
    const organization = await payload.findByID({
      collection: 'organizations',
      id: world.organizations.parent.id,
      depth: 2,
    })
    const administrator = organization.administrator as unknown as Record<string, unknown>
    expect(administrator).toMatchObject({
      id: world.users.parentAdmin.id,
      login: world.users.parentAdmin.login,
      email: world.users.parentAdmin.email,
      role: 'subscriber',
    })
    expect(administrator).not.toHaveProperty('memberships')
    expect(administrator).not.toHaveProperty('watcher')
  })
})
