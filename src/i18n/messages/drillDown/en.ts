/**
 * The drillDown section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with DrillDownMessages.
 */
export const drillDownEn = {}

export type DrillDownMessages = typeof drillDownEn
