import type { Field, GlobalConfig } from 'payload'
import { adminOnly } from '../../access/adminOnly'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import {
  checkDays,
  DEFAULT_DUNNING_POLICY,
  MAX_DAYS,
  policyFrom,
  policyProblem,
} from '../../billing/dunningPolicy'

type DayField = 'reminderDays' | 'warningDays' | 'suspensionDays' | 'recordingStopDays'

const dayField = (
  name: DayField,
  label: string,
  defaultValue: number,
  description: string,
): Field => ({
  name,
  label,
  type: 'number',
  required: true,
  defaultValue,
  min: 0,
  max: MAX_DAYS,
  admin: {
    step: 1,
    description,
    ...(name === 'recordingStopDays'
      ? {
          condition: (_: unknown, sibling: { recordingStop?: boolean }) =>
            Boolean(sibling?.recordingStop),
        }
      : {}),
  },
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
  slug: 'dunning-policy',
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
        dayField(
          'reminderDays',
          'Reminder (days after due)',
          DEFAULT_DUNNING_POLICY.reminderDays,
          'An e-mail reminder.',
        ),
        dayField(
          'warningDays',
          'Warning (days after due)',
          DEFAULT_DUNNING_POLICY.warningDays,
          'An e-mail warning that suspension is near.',
        ),
        dayField(
          'suspensionDays',
          'Suspension (days after due)',
          DEFAULT_DUNNING_POLICY.suspensionDays,
          'Users are disabled in Watcher; cameras keep recording.',
        ),
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
        dayField(
          'recordingStopDays',
          'Recording stop (days after due)',
          DEFAULT_DUNNING_POLICY.recordingStopDays,
          'Only when switched on.',
        ),
      ],
    },
  ],
}
