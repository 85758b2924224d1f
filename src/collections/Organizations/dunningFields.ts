import type { Field, FieldAccess, PayloadRequest } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage, requestMessages } from '../../i18n'
import { dateTimeField } from '../../fields/dateTime'
import { daysText, policyProblemText } from '../../fields/dunningDayText'
import { staffFieldOnly } from '../../access/staffFieldOnly'
import {
  DUNNING_STAGES,
  effectivePolicy,
  policyProblem,
  type DunningOverride,
} from '../../billing/dunningPolicy'
import { readGlobalPolicy } from '../../dunning'

/** Set by the dunning run only: nobody writes them through the API or the admin. */
const runOnly: { create: FieldAccess; update: FieldAccess } = {
  create: () => false,
  update: () => false,
}

const globalPolicies = new WeakMap<PayloadRequest, ReturnType<typeof readGlobalPolicy>>()

/** The global policy, read once per request (four fields validate against it). */
function globalPolicyOf(req: PayloadRequest): ReturnType<typeof readGlobalPolicy> {
  let policy = globalPolicies.get(req)
  if (!policy) {
    policy = readGlobalPolicy(req.payload, req)
    globalPolicies.set(req, policy)
  }
  return policy
}

type OverrideDay = 'reminderDays' | 'warningDays' | 'suspensionDays' | 'recordingStopDays'

/** An override day count: empty takes the global value; the merged policy must stay in order. */
const overrideDay = (name: OverrideDay): Field => ({
  name,
  label: inEveryLanguage((admin) => admin.fields[name]),
  type: 'number',
  min: 0,
  admin: {
    step: 1,
    placeholder: inEveryLanguage((admin) => admin.placeholders.globalPolicy),
    width: '25%',
  },
  access: { create: staffFieldOnly, update: staffFieldOnly },
  validate: async (
    value: unknown,
    { siblingData, req }: { siblingData: unknown; req: PayloadRequest },
  ) => {
    const days = daysText(req, value, false)
    if (days !== true || value === null || value === undefined || value === '') return days
    const override = (siblingData ?? {}) as DunningOverride
    const problem = policyProblem(effectivePolicy(await globalPolicyOf(req), override))
    if (!problem) return true
    // the field that breaks the order, or the earlier one when the later comes from the global policy
    const blamed =
      typeof override[problem.field as OverrideDay] === 'number' ? problem.field : problem.after
    if (blamed !== name) return true
    const text = requestMessages(req).validation
    return `${policyProblemText(req, problem)} ${text.emptyTakesGlobal}`
  },
})

/**
 * The organization's dunning state (sidebar, set by the dunning run) and its override of the
 * global dunning policy. Spread into the Organizations fields as one block.
 */
export function dunningOrganizationFields(): Field[] {
  return [
    {
      name: 'dunningStage',
      label: inEveryLanguage((admin) => admin.fields.dunningStage),
      type: 'select',
      index: true,
      options: optionsInEveryLanguage(DUNNING_STAGES, (admin) => admin.options.dunningStages),
      access: runOnly,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description: inEveryLanguage((admin) => admin.descriptions.dunningStage),
      },
    },
    dateTimeField({
      name: 'dunningSince',
      label: inEveryLanguage((admin) => admin.fields.dunningSince),
      access: runOnly,
      admin: { position: 'sidebar', readOnly: true },
    }),
    dateTimeField({
      name: 'dunningSuspendedAt',
      label: inEveryLanguage((admin) => admin.fields.dunningSuspendedAt),
      access: runOnly,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description: inEveryLanguage((admin) => admin.descriptions.dunningSuspendedAt),
      },
    }),
    {
      name: 'dunningInvoice',
      label: inEveryLanguage((admin) => admin.fields.dunningInvoice),
      type: 'relationship',
      relationTo: 'invoices',
      access: runOnly,
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'dunningPolicy',
      label: inEveryLanguage((admin) => admin.fields.dunningPolicy),
      type: 'group',
      admin: {
        description: inEveryLanguage((admin) => admin.descriptions.dunningPolicy),
      },
      fields: [
        {
          name: 'exempt',
          label: inEveryLanguage((admin) => admin.fields.exempt),
          type: 'checkbox',
          defaultValue: false,
          access: { create: staffFieldOnly, update: staffFieldOnly },
        },
        {
          type: 'row',
          fields: [
            overrideDay('reminderDays'),
            overrideDay('warningDays'),
            overrideDay('suspensionDays'),
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'recordingStop',
              label: inEveryLanguage((admin) => admin.fields.recordingStop),
              type: 'select',
              defaultValue: 'inherit',
              options: optionsInEveryLanguage(
                ['inherit', 'on', 'off'],
                (admin) => admin.options.recordingStop,
              ),
              access: { create: staffFieldOnly, update: staffFieldOnly },
              admin: { width: '25%' },
            },
            overrideDay('recordingStopDays'),
          ],
        },
      ],
    },
  ]
}
