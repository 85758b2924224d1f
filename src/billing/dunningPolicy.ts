/**
 * The dunning policy: stages counted in whole days after an invoice's due date. Pure code, no
 * Payload: the global policy, an organization's override on top of it, its validation, and which
 * stages an overdue invoice has reached at a given moment.
 */

/** The stages, in the order they escalate. */
export const DUNNING_STAGES = ['reminder', 'warning', 'suspension', 'recording_stop'] as const
export type DunningStage = (typeof DUNNING_STAGES)[number]

export const STAGE_LABELS: Record<DunningStage, string> = {
  reminder: 'Reminder',
  warning: 'Warning',
  suspension: 'Suspension',
  recording_stop: 'Recording stop',
}

export interface DunningPolicy {
  reminderDays: number
  warningDays: number
  suspensionDays: number
  /** The last stage is off unless switched on. */
  recordingStop: boolean
  recordingStopDays: number
}

export const DEFAULT_DUNNING_POLICY: DunningPolicy = {
  reminderDays: 3,
  warningDays: 7,
  suspensionDays: 14,
  recordingStop: false,
  recordingStopDays: 30,
}

/** An organization's override: an empty value takes the global one. */
export interface DunningOverride {
  reminderDays?: number | null
  warningDays?: number | null
  suspensionDays?: number | null
  /** `inherit` (or empty): the global switch. */
  recordingStop?: 'inherit' | 'on' | 'off' | null
  recordingStopDays?: number | null
  /** Never dunned (e.g. the operator's own or a contract organization). */
  exempt?: boolean | null
}

export const MAX_DAYS = 3650

const DAY_MS = 86_400_000

const given = (value: number | null | undefined): value is number => typeof value === 'number'

export function effectivePolicy(
  global: DunningPolicy,
  override: DunningOverride | null | undefined,
): DunningPolicy {
  const o = override ?? {}
  return {
    reminderDays: given(o.reminderDays) ? o.reminderDays : global.reminderDays,
    warningDays: given(o.warningDays) ? o.warningDays : global.warningDays,
    suspensionDays: given(o.suspensionDays) ? o.suspensionDays : global.suspensionDays,
    recordingStop:
      o.recordingStop === 'on' ? true : o.recordingStop === 'off' ? false : global.recordingStop,
    recordingStopDays: given(o.recordingStopDays) ? o.recordingStopDays : global.recordingStopDays,
  }
}

/** The day count of each stage (null: the stage is off). */
export function stageDays(policy: DunningPolicy): Record<DunningStage, number | null> {
  return {
    reminder: policy.reminderDays,
    warning: policy.warningDays,
    suspension: policy.suspensionDays,
    recording_stop: policy.recordingStop ? policy.recordingStopDays : null,
  }
}

const DAY_FIELDS: Record<DunningStage, keyof DunningPolicy> = {
  reminder: 'reminderDays',
  warning: 'warningDays',
  suspension: 'suspensionDays',
  recording_stop: 'recordingStopDays',
}

export interface PolicyProblem {
  field: keyof DunningPolicy
  /** In English, for logs; a person reads it through the catalogue (`kind` and the values). */
  message: string
  /** `days`: not a whole number of days in 0..MAX_DAYS; `order`: not later than the stage before. */
  kind: 'days' | 'order'
  /** For an order problem: the earlier stage's field it clashes with. */
  after?: keyof DunningPolicy
  /** For an order problem: the two stages and their days. */
  stage?: DunningStage
  days?: number
  afterStage?: DunningStage
  afterDays?: number
}

/**
 * The first problem of a policy: every day count a whole number in 0..3650, and each stage
 * (recording stop only when on) strictly later than the one before. Names the later field.
 */
export function policyProblem(policy: DunningPolicy): PolicyProblem | null {
  for (const stage of DUNNING_STAGES) {
    const field = DAY_FIELDS[stage]
    const value = policy[field]
    if (
      typeof value !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < 0 ||
      value > MAX_DAYS
    ) {
      return {
        field,
        kind: 'days',
        message: `${field} must be a whole number of days between 0 and ${MAX_DAYS}`,
      }
    }
  }
  const days = stageDays(policy)
  let previous: DunningStage | null = null
  for (const stage of DUNNING_STAGES) {
    const value = days[stage]
    if (value === null) continue
    if (previous !== null && value <= days[previous]!) {
      return {
        field: DAY_FIELDS[stage],
        kind: 'order',
        after: DAY_FIELDS[previous],
        stage,
        days: value,
        afterStage: previous,
        afterDays: days[previous]!,
        message: `${DAY_FIELDS[stage]} (${value}) must be more days than ${DAY_FIELDS[previous]} (${days[previous]}): the ${STAGE_LABELS[stage].toLowerCase()} comes after the ${STAGE_LABELS[previous].toLowerCase()}`,
      }
    }
    previous = stage
  }
  return null
}

/** When a stage is reached: `days` whole days after the due date. */
export function stageAt(dueAt: Date, days: number): Date {
  return new Date(dueAt.getTime() + days * DAY_MS)
}

/** Whole days since the due date (0 on the due day itself, negative before). */
export function daysOverdue(dueAt: Date, at: Date): number {
  return Math.floor((at.getTime() - dueAt.getTime()) / DAY_MS)
}

/** The stages an invoice due at `dueAt` has reached at `at`, in escalation order. */
export function stagesReached(policy: DunningPolicy, dueAt: Date, at: Date): DunningStage[] {
  const days = stageDays(policy)
  return DUNNING_STAGES.filter((stage) => {
    const value = days[stage]
    return value !== null && at.getTime() >= stageAt(dueAt, value).getTime()
  })
}

export const stageRank = (stage: DunningStage | null | undefined): number =>
  stage ? DUNNING_STAGES.indexOf(stage) : -1

/** Stages that suspend the service. */
export const isSuspending = (stage: DunningStage | null | undefined): boolean =>
  stage === 'suspension' || stage === 'recording_stop'

/** A policy read from stored or submitted data, defaults where a value is missing. */
export function policyFrom(
  data: Partial<Record<keyof DunningPolicy, unknown>> | null | undefined,
): DunningPolicy {
  const number = (value: unknown, fallback: number) =>
    typeof value === 'number' ? value : fallback
  return {
    reminderDays: number(data?.reminderDays, DEFAULT_DUNNING_POLICY.reminderDays),
    warningDays: number(data?.warningDays, DEFAULT_DUNNING_POLICY.warningDays),
    suspensionDays: number(data?.suspensionDays, DEFAULT_DUNNING_POLICY.suspensionDays),
    recordingStop:
      typeof data?.recordingStop === 'boolean'
        ? data.recordingStop
        : DEFAULT_DUNNING_POLICY.recordingStop,
    recordingStopDays: number(data?.recordingStopDays, DEFAULT_DUNNING_POLICY.recordingStopDays),
  }
}

/**
 * A whole number of days; the order of the stages is checked on the whole policy. Answers what is
 * wrong (`required`, `whole`, `range`: the caller words it in its language) or true.
 */
export function checkDays(
  value: unknown,
  required: boolean,
): true | 'required' | 'whole' | 'range' {
  if (value === null || value === undefined || value === '') return required ? 'required' : true
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'whole'
  if (value < 0 || value > MAX_DAYS) return 'range'
  return true
}
