import { z } from 'zod/v4'

/** Watcher API v2 answers, as far as billing reads them; unknown fields are dropped. */

const id = z.number().int()
const optionalNumber = z.number().nullish()

export const v2ErrorBody = z.object({
  error: z.string().nullish(),
  error_message: z.string().nullish(),
  field: z.string().nullish(),
})

export const v2Session = z.object({ session: z.string() })

export const v2Organization = z.object({
  id,
  title: z.string(),
  camera_limit: optionalNumber,
  user_limit: optionalNumber,
  camera_count: optionalNumber,
  user_count: optionalNumber,
  is_default: z.boolean().nullish(),
  owner_id: id.nullish(),
  owner: z.object({ id }).nullish(),
})

export const v2Member = z
  .object({
    user_id: id.nullish(),
    id: id.nullish(),
    login: z.string().nullish(),
    can_view_organization_stats: z.boolean().nullish(),
    can_edit_organization_cameras: z.boolean().nullish(),
    can_edit_organization_users: z.boolean().nullish(),
  })
  .refine((member) => member.user_id != null || member.id != null, {
    message: 'Required',
    path: ['user_id'],
  })

export const v2User = z.object({
  id,
  login: z.string(),
  name: z.string().nullish(),
  notification_email: z.string().nullish(),
  enabled: z.boolean().nullish(),
  is_admin: z.boolean().nullish(),
  // Ids in the documented answers; objects in some builds.
  organizations: z.array(z.union([id, z.object({ id })])).nullish(),
})

export const v2Preset = z.object({
  id,
  title: z.string(),
  dvr_depth: optionalNumber,
  dvr_lock_days: optionalNumber,
  dvr_space: optionalNumber,
  is_adjustable: z.boolean().nullish(),
  is_default: z.boolean().nullish(),
  is_deleted: z.boolean().nullish(),
  vision_params: z.object({ alg: z.string().nullish() }).nullish(),
})

export const v2PresetLink = z.object({
  preset_id: id.nullish(),
  preset: v2Preset.nullish(),
})

export const v2Camera = z.object({
  name: z.string(),
  title: z.string().nullish(),
  organization_id: id.nullish(),
  preset_id: id.nullish(),
  preset: z.object({ id }).nullish(),
  enabled: z.boolean().nullish(),
  created_at: optionalNumber,
  last_change: z.object({ created_at: optionalNumber }).nullish(),
})
