/** The three roles of billing (DESIGN.md section 3). */
export const roles = ['admin', 'accountant', 'subscriber'] as const
export type Role = (typeof roles)[number]

interface WithRole {
  role?: string | null
}

export function hasRole(user: unknown, ...allowed: Role[]): boolean {
  const role = (user as WithRole | null | undefined)?.role
  return typeof role === 'string' && (allowed as string[]).includes(role)
}

/** Operator staff: the admin and the accountant manage money, plans and organizations. */
export const isStaff = (user: unknown) => hasRole(user, 'admin', 'accountant')
