import { z } from 'zod/v4'

/**
 * Watcher API v3 answers, as far as billing reads them. Unknown fields are accepted and dropped;
 * optional ones may be missing or null on a real Watcher.
 */

const id = z.number().int()
const optionalNumber = z.number().nullish()

export const v3ErrorBody = z.object({
  errors: z
    .array(
      z.object({
        status: z.union([z.string(), z.number()]).nullish(),
        code: z.string().nullish(),
        title: z.string().nullish(),
        source: z
          .object({ pointer: z.string().nullish(), parameter: z.string().nullish() })
          .nullish(),
      }),
    )
    .min(1),
})

export const v3Organization = z.object({
  id,
  title: z.string(),
  created_at: optionalNumber,
  is_default: z.boolean().nullish(),
  limits: z.object({ streams: optionalNumber, users: optionalNumber }).nullish(),
  owner: z.object({ id, name: z.string().nullish() }).nullish(),
  stats: z.object({ streams: optionalNumber, users: optionalNumber }).nullish(),
})

const permissions = z.object({
  can_view_streams: z.boolean().nullish(),
  can_edit_streams: z.boolean().nullish(),
  can_edit_users: z.boolean().nullish(),
  can_view_stats: z.boolean().nullish(),
})

export const v3Member = z.object({
  id,
  name: z.string().nullish(),
  permissions: z.object({ organization: permissions.nullish() }).nullish(),
})

export const v3User = z.object({
  id,
  name: z.string(),
  fullname: z.string().nullish(),
  email: z.string().nullish(),
  locale: z.string().nullish(),
  disabled: z.boolean().nullish(),
  access_level: z.string().nullish(),
  created_at: optionalNumber,
  organizations: z.array(z.object({ id })).nullish(),
})

export const v3Preset = z.object({
  id,
  title: z.string(),
  dvr: z
    .object({
      expiration: optionalNumber,
      episodes_expiration: optionalNumber,
      storage_limit: optionalNumber,
    })
    .nullish(),
  vision: z.object({ alg: z.string().nullish() }).nullish(),
  is_adjustable: z.boolean().nullish(),
  is_default: z.boolean().nullish(),
  deleted_at: optionalNumber,
})

export const v3Stream = z.object({
  name: z.string(),
  title: z.string().nullish(),
  disabled: z.boolean().nullish(),
  organization: z.object({ id }).nullish(),
  organization_id: id.nullish(),
  preset: z.object({ id }).nullish(),
  preset_id: id.nullish(),
  created_at: optionalNumber,
  last_change: z.object({ created_at: optionalNumber }).nullish(),
})

export type V3Page<K extends string, T> = Record<K, T[]> & {
  estimated_count?: number | null
  next?: string | null
  prev?: string | null
}

/** A list answer: the items under `key`, plus `next`/`prev` cursors (absent or null at the ends). */
export function v3Envelope<K extends string, T extends z.ZodTypeAny>(
  key: K,
  item: T,
): z.ZodType<V3Page<K, z.infer<T>>> {
  return z.object({
    [key]: z.array(item),
    estimated_count: optionalNumber,
    next: z.string().nullish(),
    prev: z.string().nullish(),
  }) as unknown as z.ZodType<V3Page<K, z.infer<T>>>
}

export const v3Tokens = z.object({ access_token: z.string(), refresh_token: z.string().nullish() })
