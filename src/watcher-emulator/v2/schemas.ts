import { z } from 'zod'

/** Request bodies of the v2 API. Unknown fields are ignored. */

const count = z.number().int().min(0)
const id = z.number().int().positive()
const amount = z.number().min(0)

export const loginBody = z.object({ login: z.string(), password: z.string() })

export const organizationBodyV2 = z.object({
  title: z.string().optional(),
  camera_limit: count.nullable().optional(),
  user_limit: count.nullable().optional(),
  dvr_limit: count.nullable().optional(),
  owner_id: id.nullable().optional(),
})

export const memberBodyV2 = z.object({
  can_view_organization_stats: z.boolean().optional(),
  can_edit_organization_cameras: z.boolean().optional(),
  can_edit_organization_users: z.boolean().optional(),
})

export const newMemberBodyV2 = memberBodyV2.extend({ user_id: id })

export const userBodyV2 = z.object({
  login: z.string().optional(),
  password: z.string().min(1).optional(),
  name: z.string().nullable().optional(),
  notification_email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  locale: z.string().nullable().optional(),
  enabled: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  readonly: z.boolean().optional(),
  organization_id: id.nullable().optional(),
})

const visionParams = z.object({ alg: z.enum(['faces', 'plates']).nullable().optional() }).nullable()

export const presetBodyV2 = z.object({
  title: z.string().optional(),
  dvr_depth: amount.nullable().optional(),
  dvr_lock_days: amount.nullable().optional(),
  dvr_space: amount.nullable().optional(),
  is_adjustable: z.boolean().optional(),
  is_default: z.boolean().optional(),
  vision_params: visionParams.optional(),
})

export const presetLinkBodyV2 = z.object({ preset_id: id })

export const cameraBodyV2 = z.object({
  name: z.string().min(1).optional(),
  title: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
  organization_id: id.nullable().optional(),
  preset_id: id.nullable().optional(),
  enabled: z.boolean().optional(),
  static: z.boolean().optional(),
  stream_url: z.string().nullable().optional(),
  substream_url: z.string().nullable().optional(),
  dvr_depth: amount.nullable().optional(),
  dvr_lock_days: amount.nullable().optional(),
  dvr_space: amount.nullable().optional(),
  vision_alg: z.enum(['faces', 'plates']).nullable().optional(),
})
