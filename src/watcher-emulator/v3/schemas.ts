import { z } from 'zod'

/** Request bodies of the v3 API. Unknown fields are ignored, as Watcher does. */

const count = z.number().int().min(0)
const id = z.number().int().positive()

export const organizationBody = z.object({
  title: z.string().optional(),
  limits: z
    .object({ streams: count.nullable().optional(), users: count.nullable().optional() })
    .nullable()
    .optional(),
  owner: z.object({ id }).nullable().optional(),
})

export const permissionsBody = z.object({
  can_view_streams: z.boolean().optional(),
  can_edit_streams: z.boolean().optional(),
  can_edit_users: z.boolean().optional(),
  can_view_stats: z.boolean().optional(),
  can_view_persons_lists: z.boolean().optional(),
  can_edit_persons_lists: z.boolean().optional(),
})

export const userBody = z.object({
  name: z.string().optional(),
  password: z.string().min(1).optional(),
  fullname: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  locale: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  disabled: z.boolean().optional(),
  access_level: z.enum(['generic', 'admin']).optional(),
  readonly: z.boolean().optional(),
  organization_id: id.nullable().optional(),
})

export const dvrBody = z
  .object({
    expiration: count.nullable().optional(),
    episodes_expiration: count.nullable().optional(),
    storage_limit: count.nullable().optional(),
    redundancy_factor: count.nullable().optional(),
  })
  .nullable()
  .optional()

export const visionBody = z
  .object({ alg: z.enum(['faces', 'plates']).nullable().optional() })
  .nullable()
  .optional()

export const presetBody = z.object({
  title: z.string().optional(),
  dvr: dvrBody,
  vision: visionBody,
  is_adjustable: z.boolean().optional(),
  is_default: z.boolean().optional(),
})

export const presetLinkBody = z.object({ preset_id: id })

export const streamBody = z.object({
  name: z.string().optional(),
  title: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
  disabled: z.boolean().optional(),
  static: z.boolean().optional(),
  inputs: z.array(z.object({ url: z.string() }).passthrough()).optional(),
  organization: z.object({ id }).nullable().optional(),
  organization_id: id.nullable().optional(),
  preset: z.object({ id }).nullable().optional(),
  preset_id: id.nullable().optional(),
  dvr: dvrBody,
  vision: visionBody,
  $reset: z.boolean().optional(),
})
