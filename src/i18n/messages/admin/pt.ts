import type { AdminMessages } from './en'

export const adminPt: AdminMessages = {}
