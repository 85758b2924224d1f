import { describe, expect, it } from 'vitest'
import {
  payerMap,
  resolvePayer,
  withSubsidiaries,
  type HierarchyNode,
} from '../../../src/billing/hierarchy'

const node = (
  id: number,
  parent: number | null = null,
  payer: 'self' | 'parent' = parent === null ? 'self' : 'parent',
  title?: string,
): HierarchyNode => ({
  id,
  parent,
  payer,
  title,
})

// 1 pays for 2 and 3; 4 pays for 5 (via 4's own payer: self); 6 pays itself under 1
const TREE = [
  node(1),
  node(2, 1),
  node(3, 2),
  node(4, 1, 'self'),
  node(5, 4),
  node(6, null, 'parent'),
]
const byId = new Map(TREE.map((n) => [n.id, n]))

describe('resolvePayer', () => {
  it('follows payer = parent up the chain and stops at one that pays itself', () => {
    expect(resolvePayer(byId.get(1)!, byId)).toEqual({ payer: 1 })
    expect(resolvePayer(byId.get(3)!, byId)).toEqual({ payer: 1 }) // through 2
    expect(resolvePayer(byId.get(4)!, byId)).toEqual({ payer: 4 }) // has a parent but pays itself
    expect(resolvePayer(byId.get(5)!, byId)).toEqual({ payer: 4 })
  })

  it('treats payer = parent without a parent as paying itself', () => {
    expect(resolvePayer(byId.get(6)!, byId)).toEqual({ payer: 6 })
  })

  it('accepts a lookup function', () => {
    expect(resolvePayer(byId.get(3)!, (id) => byId.get(id))).toEqual({ payer: 1 })
  })

  it('reports a loop for the organization asked about, naming the fix, and pays nobody', () => {
    const loop = new Map(
      [node(8, 9, 'parent', 'Loop A'), node(9, 8, 'parent', 'Loop B')].map((n) => [n.id, n]),
    )
    const resolved = resolvePayer(loop.get(8)!, loop)
    expect(resolved.payer).toBeUndefined()
    expect(resolved.problem).toMatchObject({ kind: 'cycle', organization: 8, at: 8 })
    expect(resolved.problem?.message).toBe(
      'The payer chain of organization "Loop A" (id 8) loops at id 8: set one organization in it to pay for itself',
    )
  })

  it('reports a self-parent as a loop', () => {
    const self = node(7, 7, 'parent')
    expect(resolvePayer(self, new Map([[7, self]])).problem).toMatchObject({
      kind: 'cycle',
      organization: 7,
      at: 7,
    })
  })

  it('reports a missing parent, naming the organization whose link is broken', () => {
    const stray = node(10, 70, 'parent', 'Stray')
    const resolved = resolvePayer(node(11, 10, 'parent'), new Map([[10, stray]]))
    expect(resolved.problem).toMatchObject({ kind: 'missing parent', organization: 11, at: 70 })
    expect(resolved.problem?.message).toBe(
      'organization "Stray" (id 10) is paid for by its parent id 70, which was not given',
    )
  })

  it('a loop above a self-paying organization does not matter to it', () => {
    const nodes = new Map([node(1, 2, 'self'), node(2, 1, 'parent')].map((n) => [n.id, n]))
    expect(resolvePayer(nodes.get(1)!, nodes)).toEqual({ payer: 1 })
    expect(resolvePayer(nodes.get(2)!, nodes)).toEqual({ payer: 1 })
  })
})

describe('payerMap', () => {
  it('groups each payer with the organizations it pays for, itself first', () => {
    const map = payerMap(TREE)
    expect(map.paidBy(1)).toEqual([1, 2, 3])
    expect(map.paidBy(4)).toEqual([4, 5])
    expect(map.paidBy(6)).toEqual([6])
    expect(map.payerOf(3)).toBe(1)
    expect(map.problems()).toEqual([])
  })

  it('an unknown organization pays for itself', () => {
    expect(payerMap(TREE).payerOf(99)).toBe(99)
    expect(payerMap(TREE).paidBy(99)).toEqual([99])
  })

  it('gives a broken chain no payer and reports it for every organization running into it', () => {
    // 20 <-> 21 loop; 22 is paid by 21, so its chain runs into the loop; 23 pays itself below it
    const map = payerMap([
      ...TREE,
      node(20, 21),
      node(21, 20),
      node(22, 21),
      node(23, 22, 'self'),
      node(24, 80),
    ])
    expect(map.payerOf(20)).toBeNull()
    expect(map.payerOf(21)).toBeNull()
    expect(map.payerOf(22)).toBeNull()
    expect(map.payerOf(23)).toBe(23)
    expect(map.payerOf(24)).toBeNull()
    expect(map.problemOf(22)?.kind).toBe('cycle')
    expect(map.problemOf(24)).toMatchObject({ kind: 'missing parent', at: 80 })
    expect(map.problems().map((problem) => problem.organization)).toEqual([20, 21, 22, 24])
    // nobody pays for them: they are in no group
    expect(map.paidBy(20)).toEqual([20])
    expect(map.paidBy(21)).toEqual([21])
  })
})

describe('withSubsidiaries', () => {
  it('adds every organization below the roots by parent, whoever pays', () => {
    expect(withSubsidiaries([1], TREE).sort()).toEqual([1, 2, 3, 4, 5])
    expect(withSubsidiaries([4], TREE)).toEqual([4, 5])
    expect(withSubsidiaries([6], TREE)).toEqual([6])
    expect(withSubsidiaries([], TREE)).toEqual([])
  })

  it('walks a loop once', () => {
    expect(withSubsidiaries([20], [node(20, 21), node(21, 20), node(22, 21)]).sort()).toEqual([
      20, 21, 22,
    ])
  })
})
