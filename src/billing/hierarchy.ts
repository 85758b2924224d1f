/**
 * Who pays for an organization (DESIGN.md section 4, Hierarchy), pure: the one rule invoicing,
 * dunning and access use. An organization whose payer is `parent` is paid for by its parent's
 * payer, up the chain; one that pays itself, or has no parent, pays for itself.
 *
 * A chain that loops, or names a parent that does not exist, is an error reported for every
 * organization whose chain runs into it: nobody pays for them (never "whoever the walk stopped
 * at"), so an invoice is not put on, and dunning does not suspend through, a link the operator
 * has to fix first. Organizations validate their parent against cycles, so this only meets data
 * written around that validation.
 */

export interface HierarchyNode {
  id: number
  /** The parent organization's id, or null. */
  parent: number | null
  payer: 'self' | 'parent'
  /** For error messages only. */
  title?: string
}

export type HierarchyProblemKind = 'cycle' | 'missing parent'

export interface HierarchyProblem {
  kind: HierarchyProblemKind
  /** The organization asked about. */
  organization: number
  /** Where the chain breaks: the parent id met twice (cycle) or not found (missing parent). */
  at: number
  /** Names the organization and the fix. */
  message: string
}

export type PayerResolution =
  { payer: number; problem?: undefined } | { payer?: undefined; problem: HierarchyProblem }

const describe = (node: HierarchyNode) =>
  node.title !== undefined
    ? `organization "${node.title}" (id ${node.id})`
    : `organization ${node.id}`

export type NodeLookup =
  ReadonlyMap<number, HierarchyNode> | ((id: number) => HierarchyNode | undefined)

/** The payer of `start`, its parents looked up in `nodes`, or the problem of its chain. */
export function resolvePayer(start: HierarchyNode, nodes: NodeLookup): PayerResolution {
  const lookup = typeof nodes === 'function' ? nodes : (id: number) => nodes.get(id)
  const id = start.id
  const seen = new Set<number>()
  let current = start
  while (current.payer === 'parent' && current.parent !== null) {
    seen.add(current.id)
    if (seen.has(current.parent)) {
      return {
        problem: {
          kind: 'cycle',
          organization: id,
          at: current.parent,
          message: `The payer chain of ${describe(start)} loops at id ${current.parent}: set one organization in it to pay for itself`,
        },
      }
    }
    const parent = lookup(current.parent)
    if (!parent) {
      return {
        problem: {
          kind: 'missing parent',
          organization: id,
          at: current.parent,
          message: `${describe(current)} is paid for by its parent id ${current.parent}, which was not given`,
        },
      }
    }
    current = parent
  }
  return { payer: current.id }
}

/** Payer resolution of a whole set of organizations, each resolved once. */
export interface PayerMap {
  /** The payer of `id`; null when its chain is broken (see `problemOf`). Unknown ids pay for themselves. */
  payerOf(id: number): number | null
  /** Why `id` has no payer, or undefined. */
  problemOf(id: number): HierarchyProblem | undefined
  /** The organizations `payerId` pays for: itself first, then the others by id. */
  paidBy(payerId: number): number[]
  /** Every organization whose chain is broken, by id. */
  problems(): HierarchyProblem[]
}

export function payerMap(nodes: Iterable<HierarchyNode>): PayerMap {
  const byId = new Map<number, HierarchyNode>()
  for (const node of nodes) byId.set(node.id, node)
  const payers = new Map<number, number>()
  const problems = new Map<number, HierarchyProblem>()
  const paid = new Map<number, number[]>()
  for (const id of [...byId.keys()].sort((a, b) => a - b)) {
    const resolved = resolvePayer(byId.get(id)!, byId)
    if (resolved.problem) {
      problems.set(id, resolved.problem)
      continue
    }
    payers.set(id, resolved.payer)
    if (resolved.payer === id) continue
    const list = paid.get(resolved.payer)
    if (list) list.push(id)
    else paid.set(resolved.payer, [id])
  }
  return {
    payerOf: (id) => (problems.has(id) ? null : (payers.get(id) ?? id)),
    problemOf: (id) => problems.get(id),
    paidBy: (payerId) => [payerId, ...(paid.get(payerId) ?? [])],
    problems: () => [...problems.values()],
  }
}

/**
 * `roots` and every organization below them by parent (at any depth, whoever pays): the reach of
 * an organization's administrator. A loop in the parents is walked once. Roots first, in the order
 * given, then by depth and id.
 */
export function withSubsidiaries(
  roots: Iterable<number>,
  nodes: Iterable<HierarchyNode>,
): number[] {
  const children = new Map<number, number[]>()
  for (const node of nodes) {
    if (node.parent === null) continue
    const list = children.get(node.parent)
    if (list) list.push(node.id)
    else children.set(node.parent, [node.id])
  }
  const found = new Set<number>(roots)
  let frontier = [...found]
  while (frontier.length > 0) {
    const next: number[] = []
    for (const id of frontier) {
      for (const child of children.get(id) ?? []) {
        if (found.has(child)) continue
        found.add(child)
        next.push(child)
      }
    }
    frontier = next.sort((a, b) => a - b)
  }
  return [...found]
}
