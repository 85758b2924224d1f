import type { Field, GlobalConfig, PayloadRequest } from 'payload'
import { adminOnly } from '../access/adminOnly'
import { adminOrAccountant } from '../access/adminOrAccountant'
import { DEFAULT_DUNNING_POLICY, MAX_DAYS, policyProblem, type DunningPolicy } from './policy'

export const DUNNING_POLICY_SLUG = 'dunning-policy'

type DayField = 'reminderDays' | 'warningDays' | 'suspensionDays' | 'recordingStopDays'

/** A policy read from stored or submitted data, defaults where a value is missing. */
export function policyFrom(data: Partial<Record<keyof DunningPolicy, unknown>> | null | undefined): DunningPolicy {
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback)
  return {
    reminderDays: number(data?.reminderDays, DEFAULT_DUNNING_POLICY.reminderDays),
    warningDays: number(data?.warningDays, DEFAULT_DUNNING_POLICY.warningDays),
    suspensionDays: number(data?.suspensionDays, DEFAULT_DUNNING_POLICY.suspensionDays),
    recordingStop: typeof data?.recordingStop === 'boolean' ? data.recordingStop : DEFAULT_DUNNING_POLICY.recordingStop,
    recordingStopDays: number(data?.recordingStopDays, DEFAULT_DUNNING_POLICY.recordingStopDays),
  }
}

/** The global policy as stored (defaults until an admin saves it). */
export async function readGlobalPolicy(payload: PayloadRequest['payload'], req?: PayloadRequest): Promise<DunningPolicy> {
  const stored = await payload.findGlobal({ slug: DUNNING_POLICY_SLUG as never, depth: 0, overrideAccess: true, req })
  return policyFrom(stored as Partial<Record<keyof DunningPolicy, unknown>>)
}

/** A whole number of days; the order of the stages is checked on the whole policy. */
export function checkDays(value: unknown, required: boolean): true | string {
  if (value === null || value === undefined || value === '') return required ? 'This field is required.' : true
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'Must be a whole number of days.'
  if (value < 0 || value > MAX_DAYS) return `Must be between 0 and ${MAX_DAYS} days.`
  return true
}

const dayField = (name: DayField, label: string, defaultValue: number, description: string): Field => ({
  name,
  label,
  type: 'number',
  required: true,
  defaultValue,
  min: 0,
  max: MAX_DAYS,
  admin: { step: 1, description, ...(name === 'recordingStopDays' ? { condition: (_: unknown, sibling: { recordingStop?: boolean }) => Boolean(sibling?.recordingStop) } : {}) },
  validate: (value: unknown, { siblingData }: { siblingData: unknown }) => {
    const days = checkDays(value, true)
    if (days !== true) return days
    const problem = policyProblem(policyFrom(siblingData as Record<string, unknown>))
    return problem?.field === name ? problem.message : true
  },
})

/**
 * The operator's dunning policy: days after an invoice's due date at which each stage fires.
 * Organizations may override any of it (their "Dunning" fields). Admins edit it; accountants read it.
 */
export const DunningPolicyGlobal: GlobalConfig = {
  slug: DUNNING_POLICY_SLUG,
  label: 'Dunning policy',
  admin: {
    group: 'Money',
    description:
      'Days after an invoice is due at which its payer is reminded, warned, suspended (users cannot view in Watcher, cameras keep recording) and, when switched on, has its cameras stopped. Organizations can override these.',
  },
  access: { read: adminOrAccountant, update: adminOnly },
  fields: [
    {
      type: 'row',
      fields: [
        dayField('reminderDays', 'Reminder (days after due)', DEFAULT_DUNNING_POLICY.reminderDays, 'An e-mail reminder.'),
        dayField('warningDays', 'Warning (days after due)', DEFAULT_DUNNING_POLICY.warningDays, 'An e-mail warning that suspension is near.'),
        dayField('suspensionDays', 'Suspension (days after due)', DEFAULT_DUNNING_POLICY.suspensionDays, "Users are disabled in Watcher; cameras keep recording."),
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'recordingStop',
          label: 'Stop recording as the last stage',
          type: 'checkbox',
          defaultValue: DEFAULT_DUNNING_POLICY.recordingStop,
          admin: { description: "Also disables the organization's streams in Watcher." },
        },
        dayField('recordingStopDays', 'Recording stop (days after due)', DEFAULT_DUNNING_POLICY.recordingStopDays, 'Only when switched on.'),
      ],
    },
  ],
}
