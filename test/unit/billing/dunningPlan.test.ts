import { describe, expect, it } from 'vitest'
import {
  actionKey,
  exemption,
  hasCredit,
  involvedOrganizations,
  oldestOverdue,
  planDunning,
  type DunningOrganization,
  type DunningPlanInput,
  type PastDueInvoice,
} from '../../../src/billing/dunningPlan'
import { DEFAULT_DUNNING_POLICY, type DunningStage } from '../../../src/billing/dunningPolicy'
import { payerMap, type HierarchyNode } from '../../../src/billing/hierarchy'

const DAY = 86_400_000
const AT = new Date('2026-11-26T06:00:00Z')
const daysAgo = (days: number) => new Date(AT.getTime() - days * DAY)

const pastDue = (
  id: number,
  organization: number,
  days: number,
  amountDue: number | null = 1_000,
  extra: Partial<PastDueInvoice> = {},
): PastDueInvoice => ({
  id,
  organization,
  number: `INV-2026-${String(id).padStart(6, '0')}`,
  status: 'issued',
  dueAt: daysAgo(days),
  amountDue,
  total: 1_000,
  currency: 'EUR',
  ...extra,
})

const org = (id: number, extra: Partial<DunningOrganization> = {}): DunningOrganization => ({
  id,
  title: `Org ${id}`,
  status: 'active',
  trialEndsAt: null,
  stage: null,
  since: null,
  suspendedAt: null,
  invoice: null,
  override: {},
  ...extra,
})

// 1 pays for 2 and 3 (3 through 2); 4 pays itself; 5 and 6 loop
const NODES: HierarchyNode[] = [
  { id: 1, parent: null, payer: 'self' },
  { id: 2, parent: 1, payer: 'parent' },
  { id: 3, parent: 2, payer: 'parent' },
  { id: 4, parent: null, payer: 'self' },
  { id: 5, parent: 6, payer: 'parent' },
  { id: 6, parent: 5, payer: 'parent' },
]

function input(
  overrides: Partial<DunningPlanInput> & {
    invoices?: PastDueInvoice[]
    orgs?: DunningOrganization[]
  } = {},
): DunningPlanInput {
  const { invoices = [], orgs = [1, 2, 3, 4, 5, 6].map((id) => org(id)), ...rest } = overrides
  return {
    at: AT,
    stages: true,
    global: DEFAULT_DUNNING_POLICY,
    payers: payerMap(NODES),
    inDunning: [],
    overdue: oldestOverdue(invoices, AT),
    organizations: new Map(orgs.map((o) => [o.id, o])),
    credit: new Set(),
    actionsTaken: new Map(),
    ...rest,
  }
}

describe('oldestOverdue', () => {
  it('keeps each payer oldest overdue invoice (due date, then id), by payer id', () => {
    const overdue = oldestOverdue(
      [pastDue(12, 4, 5), pastDue(11, 4, 9), pastDue(13, 4, 9), pastDue(10, 1, 3)],
      AT,
    )
    expect([...overdue.keys()]).toEqual([1, 4])
    expect(overdue.get(4)).toMatchObject({ id: 11, amountDue: 1_000, currency: 'EUR' })
  })

  it('leaves out invoices with nothing left to pay, and takes the amount due, not the total', () => {
    const overdue = oldestOverdue(
      [pastDue(20, 1, 30, 0), pastDue(21, 1, 10, 400), pastDue(22, 4, 10, null)],
      AT,
    )
    expect(overdue.get(1)).toMatchObject({ id: 21, amountDue: 400 })
    expect(overdue.get(4)).toMatchObject({ id: 22, amountDue: 1_000 }) // no amount due kept: the total
  })

  it('leaves out invoices not yet due at the run', () => {
    expect(oldestOverdue([pastDue(1, 1, -1)], AT).size).toBe(0)
  })
})

describe('exemption and credit', () => {
  const invoice = oldestOverdue([pastDue(1, 1, 20)], AT).get(1)!
  it('exempt, then trial; otherwise nothing', () => {
    expect(
      exemption(org(1, { override: { exempt: true }, trialEndsAt: daysAgo(-5) }), invoice, AT),
    ).toBe('exempt')
    expect(exemption(org(1, { trialEndsAt: daysAgo(-5) }), invoice, AT)).toBe('trial')
    expect(exemption(org(1, { trialEndsAt: daysAgo(5) }), invoice, AT)).toBeNull()
    expect(exemption(org(1), { ...invoice, amountDue: 0 }, AT)).toBe('nothing due')
  })
  it('credit when the balance in the currency is not owed; no history there is no credit', () => {
    expect(hasCredit([{ currency: 'EUR', amount: -500 }], 'EUR')).toBe(true)
    expect(hasCredit([{ currency: 'EUR', amount: 0 }], 'EUR')).toBe(true)
    expect(hasCredit([{ currency: 'EUR', amount: 1 }], 'EUR')).toBe(false)
    expect(hasCredit([{ currency: 'USD', amount: -500 }], 'EUR')).toBe(false)
    expect(hasCredit(undefined, 'EUR')).toBe(false)
  })
})

describe('involvedOrganizations', () => {
  it('the overdue payers with those they pay for, and those in dunning with their payers', () => {
    const payers = payerMap(NODES)
    const overdue = oldestOverdue([pastDue(1, 1, 20)], AT)
    expect(involvedOrganizations(payers, overdue, [4]).sort()).toEqual([1, 2, 3, 4])
    expect(involvedOrganizations(payers, new Map(), [3]).sort()).toEqual([1, 3])
    expect(involvedOrganizations(payers, new Map(), [5])).toEqual([5]) // broken: no payer to add
  })
})

describe('planDunning: stages', () => {
  it('fires every stage reached and not fired yet, for the payer and its group', () => {
    // 15 days overdue, default policy: reminder (3), warning (7), suspension (14)
    const plan = planDunning(input({ invoices: [pastDue(100, 1, 15)] }))
    expect(plan.escalate).toHaveLength(1)
    expect(plan.escalate[0]).toMatchObject({
      payer: 1,
      due: ['reminder', 'warning', 'suspension'],
      group: [1, 2, 3],
      stage: 'suspension',
      follow: [],
    })
    expect(plan.restore).toEqual([])
  })

  it('a stage fired for this invoice does not fire again', () => {
    const taken = new Map([[actionKey(1, 100), new Set<string>(['reminder', 'warning'])]])
    const plan = planDunning(input({ invoices: [pastDue(100, 1, 15)], actionsTaken: taken }))
    expect(plan.escalate[0]!.due).toEqual(['suspension'])
    const done = new Map([
      [actionKey(1, 100), new Set<string>(['reminder', 'warning', 'suspension'])],
    ])
    expect(
      planDunning(input({ invoices: [pastDue(100, 1, 15)], actionsTaken: done })).escalate[0]!.due,
    ).toEqual([])
  })

  it('an organization that came under a suspended payer follows it', () => {
    const suspended = (id: number, stage: DunningStage | null) =>
      org(id, { stage, status: stage ? 'suspended' : 'active' })
    const done = new Map([
      [actionKey(1, 100), new Set<string>(['reminder', 'warning', 'suspension'])],
    ])
    const plan = planDunning(
      input({
        invoices: [pastDue(100, 1, 15)],
        actionsTaken: done,
        orgs: [suspended(1, 'suspension'), suspended(2, 'suspension'), org(3), org(4)],
      }),
    )
    expect(plan.escalate[0]).toMatchObject({ due: [], stage: 'suspension', follow: [3] })
  })

  it('nobody follows a payer that is not suspended', () => {
    const plan = planDunning(input({ invoices: [pastDue(100, 1, 8)] }))
    expect(plan.escalate[0]).toMatchObject({
      due: ['reminder', 'warning'],
      stage: 'warning',
      follow: [],
    })
  })

  it('an organization override changes the stages; recording stop only when switched on', () => {
    const on = org(4, { override: { recordingStop: 'on', recordingStopDays: 20 } })
    const plan = planDunning(input({ invoices: [pastDue(100, 4, 21)], orgs: [on] }))
    expect(plan.escalate[0]).toMatchObject({
      due: ['reminder', 'warning', 'suspension', 'recording_stop'],
      stage: 'recording_stop',
      group: [4],
    })
  })

  it('skips exempt, trial and credit payers, in payer order', () => {
    const plan = planDunning(
      input({
        invoices: [pastDue(100, 1, 15), pastDue(101, 4, 15)],
        orgs: [org(1, { override: { exempt: true } }), org(2), org(3), org(4)],
        credit: new Set([4]),
      }),
    )
    expect(plan.escalate).toEqual([])
    expect(plan.skipped).toEqual([
      { organization: 1, invoice: 100, reason: 'exempt' },
      { organization: 4, invoice: 101, reason: 'credit' },
    ])
  })

  it('the restoration check plans no stages', () => {
    expect(planDunning(input({ invoices: [pastDue(100, 1, 15)], stages: false })).escalate).toEqual(
      [],
    )
  })
})

describe('planDunning: restoration', () => {
  it('restores the organizations in dunning whose payer is no longer overdue, grouped by payer', () => {
    const plan = planDunning(input({ inDunning: [2, 4, 1, 3] }))
    expect(plan.restore).toEqual([
      { payer: 1, organizations: [2, 1, 3] },
      { payer: 4, organizations: [4] },
    ])
  })

  it('not while the payer is still overdue and dunned', () => {
    const plan = planDunning(input({ inDunning: [1, 2, 4], invoices: [pastDue(100, 1, 15)] }))
    expect(plan.restore).toEqual([{ payer: 4, organizations: [4] }])
  })

  it('a payer left alone (exempt, credit) is restored: it is not dunned any more', () => {
    const plan = planDunning(
      input({ inDunning: [4], invoices: [pastDue(101, 4, 15)], credit: new Set([4]) }),
    )
    expect(plan.restore).toEqual([{ payer: 4, organizations: [4] }])
  })
})

describe('planDunning: a broken payer chain', () => {
  it('is neither dunned nor restored, and reported once', () => {
    const plan = planDunning(input({ inDunning: [5, 6], invoices: [pastDue(100, 5, 15)] }))
    expect(plan.escalate).toEqual([])
    expect(plan.restore).toEqual([])
    expect(plan.broken.map((problem) => [problem.organization, problem.kind])).toEqual([
      [5, 'cycle'],
      [6, 'cycle'],
    ])
  })
})
