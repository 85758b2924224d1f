import type { Field, GlobalConfig, PayloadRequest } from 'payload'
import { adminOnly } from '../../access/adminOnly'
import { inEveryLanguage } from '../../i18n'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { daysText, policyProblemText } from '../../fields/dunningDayText'
import {
  DEFAULT_DUNNING_POLICY,
  MAX_DAYS,
  policyFrom,
  policyProblem,
} from '../../billing/dunningPolicy'

type DayField = 'reminderDays' | 'warningDays' | 'suspensionDays' | 'recordingStopDays'

const dayField = (name: DayField, defaultValue: number): Field => ({
  name,
  label: inEveryLanguage((admin) => admin.dunningPolicyDays[name].label),
  type: 'number',
  required: true,
  defaultValue,
  min: 0,
  max: MAX_DAYS,
  admin: {
    step: 1,
    description: inEveryLanguage((admin) => admin.dunningPolicyDays[name].description),
    ...(name === 'recordingStopDays'
      ? {
          condition: (_: unknown, sibling: { recordingStop?: boolean }) =>
            Boolean(sibling?.recordingStop),
        }
      : {}),
  },
  validate: (
    value: unknown,
    { siblingData, req }: { siblingData: unknown; req: PayloadRequest },
  ) => {
    const days = daysText(req, value, true)
    if (days !== true) return days
    const problem = policyProblem(policyFrom(siblingData as Record<string, unknown>))
    return problem?.field === name ? policyProblemText(req, problem) : true
  },
})

/**
 * The operator's dunning policy: days after an invoice's due date at which each stage fires.
 * Organizations may override any of it (their "Dunning" fields). Admins edit it; accountants read it.
 */
export const DunningPolicyGlobal: GlobalConfig = {
  slug: 'dunning-policy',
  label: inEveryLanguage((admin) => admin.collections.dunningPolicy.label),
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    description: inEveryLanguage((admin) => admin.collections.dunningPolicy.description),
  },
  access: { read: adminOrAccountant, update: adminOnly },
  fields: [
    {
      type: 'row',
      fields: [
        dayField('reminderDays', DEFAULT_DUNNING_POLICY.reminderDays),
        dayField('warningDays', DEFAULT_DUNNING_POLICY.warningDays),
        dayField('suspensionDays', DEFAULT_DUNNING_POLICY.suspensionDays),
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'recordingStop',
          label: inEveryLanguage((admin) => admin.fields.stopRecording),
          type: 'checkbox',
          defaultValue: DEFAULT_DUNNING_POLICY.recordingStop,
          admin: { description: inEveryLanguage((admin) => admin.descriptions.stopRecording) },
        },
        dayField('recordingStopDays', DEFAULT_DUNNING_POLICY.recordingStopDays),
      ],
    },
  ],
}
