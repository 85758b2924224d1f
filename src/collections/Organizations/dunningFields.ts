import type { Field, FieldAccess, PayloadRequest } from 'payload'
import { dateTimeField } from '../../fields/dateTime'
import { staffFieldOnly } from '../../access/staffFieldOnly'
import {
  checkDays,
  DUNNING_STAGES,
  effectivePolicy,
  policyProblem,
  STAGE_LABELS,
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
const overrideDay = (name: OverrideDay, label: string): Field => ({
  name,
  label,
  type: 'number',
  min: 0,
  admin: { step: 1, placeholder: 'global', width: '25%' },
  access: { create: staffFieldOnly, update: staffFieldOnly },
  validate: async (
    value: unknown,
    { siblingData, req }: { siblingData: unknown; req: PayloadRequest },
  ) => {
    const days = checkDays(value, false)
    if (days !== true || value === null || value === undefined || value === '') return days
    const override = (siblingData ?? {}) as DunningOverride
    const problem = policyProblem(effectivePolicy(await globalPolicyOf(req), override))
    if (!problem) return true
    // the field that breaks the order, or the earlier one when the later comes from the global policy
    const blamed =
      typeof override[problem.field as OverrideDay] === 'number' ? problem.field : problem.after
    return blamed === name ? `${problem.message} (fields left empty take the global policy)` : true
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
      label: 'Dunning stage',
      type: 'select',
      index: true,
      options: DUNNING_STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage })),
      access: runOnly,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description:
          'The latest dunning stage reached for the overdue invoice below; empty when nothing is overdue.',
      },
    },
    dateTimeField({
      name: 'dunningSince',
      label: 'Dunning stage since',
      access: runOnly,
      admin: { position: 'sidebar', readOnly: true },
    }),
    dateTimeField({
      name: 'dunningSuspendedAt',
      label: 'Suspended by dunning since',
      access: runOnly,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description:
          'Set while dunning holds this organization suspended; it is restored when the overdue invoices are cleared.',
      },
    }),
    {
      name: 'dunningInvoice',
      label: 'Overdue invoice',
      type: 'relationship',
      relationTo: 'invoices',
      access: runOnly,
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'dunningPolicy',
      label: 'Dunning policy override',
      type: 'group',
      admin: {
        description:
          'Days after an invoice is due. Empty fields take the global Dunning policy. Subsidiaries paid by their parent follow the payer.',
      },
      fields: [
        {
          name: 'exempt',
          label: 'Never dunned',
          type: 'checkbox',
          defaultValue: false,
          access: { create: staffFieldOnly, update: staffFieldOnly },
        },
        {
          type: 'row',
          fields: [
            overrideDay('reminderDays', 'Reminder (days)'),
            overrideDay('warningDays', 'Warning (days)'),
            overrideDay('suspensionDays', 'Suspension (days)'),
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'recordingStop',
              label: 'Recording stop',
              type: 'select',
              defaultValue: 'inherit',
              options: [
                { label: 'As the global policy', value: 'inherit' },
                { label: 'On', value: 'on' },
                { label: 'Off', value: 'off' },
              ],
              access: { create: staffFieldOnly, update: staffFieldOnly },
              admin: { width: '25%' },
            },
            overrideDay('recordingStopDays', 'Recording stop (days)'),
          ],
        },
      ],
    },
  ]
}
