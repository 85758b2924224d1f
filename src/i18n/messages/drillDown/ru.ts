import type { DrillDownMessages } from './en'

export const drillDownRu: DrillDownMessages = {}
