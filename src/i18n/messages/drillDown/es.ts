import type { DrillDownMessages } from './en'

export const drillDownEs: DrillDownMessages = {}
