import type { DrillDownMessages } from './en'

export const drillDownPt: DrillDownMessages = {}
