import type { AdminMessages } from './en'

export const adminEs: AdminMessages = {}
