import { randomBytes } from 'node:crypto'
import { ZodError, type ZodType } from 'zod'
import type { EmulatorContext } from '../context'
import { DomainError } from '../errors'
import { headerValue, idParam, ok, Router, type Reply, type RequestContext } from '../http'
import { newMemberPermissionsV2, slugForCameraName } from '../inferred'
import type { Actor, StreamInput } from '../operations'
import { parseListQuery, type CollectionSpec, type Scope } from '../query'
import type { OrganizationRecord, StreamRecord, UserRecord } from '../records'
import {
  camerasCollectionV2,
  membersCollectionV2,
  organizationsCollectionV2,
  presetLinksCollectionV2,
  presetsCollectionV2,
  usersCollectionV2,
} from './collections'
import {
  cameraBodyV2,
  loginBody,
  memberBodyV2,
  newMemberBodyV2,
  organizationBodyV2,
  presetBodyV2,
  presetLinkBodyV2,
  userBodyV2,
} from './schemas'
import { convertOptional, daysToSeconds, enabledToDisabled, gbToBytes } from './units'
import {
  cameraViewV2,
  memberViewV2,
  organizationViewV2,
  presetLinkViewV2,
  presetViewV2,
  userViewV2,
} from './views'

export const V2_BASE = '/vsaas/api/v2'

interface V2Request extends RequestContext {
  actor: Actor
}

/** v2 error names; v2 has no 401 or 409 (auth failures are 403, conflicts 400). */
const STATUS_BY_KIND: Record<DomainError['kind'], [number, string]> = {
  validation: [400, 'ValidationError'],
  conflict: [400, 'BadRequest'],
  unauthorized: [403, 'Forbidden'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'NotFound'],
  method_not_allowed: [405, 'BadRequest'],
}

const NAME_BY_STATUS: Record<number, string> = {
  400: 'ValidationError',
  403: 'Forbidden',
  404: 'NotFound',
  500: 'ApplicationError',
}

/** Logical field names of the rules → v2 field names. */
const FIELDS: Record<string, string> = {
  owner: 'owner_id',
  organization: 'organization_id',
  preset: 'preset_id',
  'dvr.expiration': 'dvr_depth',
  'dvr.episodes_expiration': 'dvr_lock_days',
  'dvr.storage_limit': 'dvr_space',
}

export function v2ErrorReply(
  status: number,
  error: string,
  message: string,
  field?: string,
): Reply {
  const body: Record<string, unknown> = {
    error: /^[A-Z]/.test(error)
      ? error
      : (NAME_BY_STATUS[status] ?? (status >= 500 ? 'ApplicationError' : error)),
    error_message: message,
  }
  if (field) body.field = field
  return { status, body }
}

function renderError(error: unknown): Reply {
  if (error instanceof DomainError) {
    const [status, name] = STATUS_BY_KIND[error.kind]
    const field = error.field ? (FIELDS[error.field] ?? error.field) : error.parameter
    return v2ErrorReply(status, name, error.message, field)
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0]
    const field = issue.path.join('.')
    return v2ErrorReply(400, 'ValidationError', `${field}: ${issue.message}`, field)
  }
  throw error
}

function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new DomainError('validation', 'ValidationError', 'the body must be a JSON object')
  }
  return schema.parse(body ?? {})
}

const forbidden = (message: string) => new DomainError('forbidden', 'Forbidden', message)
const success = () => ok({ success: true })

/** Watcher API v2 (legacy) over the same state as v3. */
export function createV2Api(context: EmulatorContext) {
  const { state, ops, engine, auth } = context
  const router = new Router<V2Request>()

  const requireAdmin = (request: V2Request) => {
    if (!request.actor.isAdmin) throw forbidden('only a Watcher administrator may do this')
  }
  const memberOrAdmin = (actor: Actor, organization: OrganizationRecord) =>
    actor.isAdmin ||
    organization.ownerId === actor.user.id ||
    Boolean(state.member(organization.id, actor.user.id))

  function list<R>(request: V2Request, spec: CollectionSpec<R>, scope?: Scope<R>): Reply {
    const limit = nonNegative(
      request.query.get('limit') ?? headerValue(request.headers, 'x-page-limit'),
      'limit',
    )
    const offset =
      nonNegative(
        request.query.get('offset') ?? headerValue(request.headers, 'x-page-offset'),
        'offset',
      ) ?? 0
    const query = parseListQuery(request.query, ['favorite', 'agent', 'type'])
    const resolved = engine.resolve(spec, query, scope)
    const page = resolved.records.slice(offset, limit === null ? undefined : offset + limit)
    return {
      status: 200,
      body: page.map((record) => spec.view(record)),
      headers: { 'x-total-count': String(resolved.records.length) },
    }
  }

  // --- auth --------------------------------------------------------------------------

  const loginView = (user: UserRecord, session: string) => ({
    ...userViewV2(context, user),
    session,
    is_domain_admin: user.accessLevel === 'admin',
    is_logged_in: true,
    can_edit_organizations: user.accessLevel === 'admin',
    can_view_organizations: true,
    can_edit_settings: user.accessLevel === 'admin',
  })

  async function authRoute(request: RequestContext): Promise<Reply | null> {
    if (request.method === 'POST' && request.path === '/auth/login') {
      const body = parseBody(loginBody, request.body)
      const user = auth.checkPassword(body.login, body.password)
      if (!user) return v2ErrorReply(403, 'Forbidden', 'wrong login or password')
      return ok(loginView(user, auth.createSession(user)))
    }
    if (request.method === 'POST' && request.path === '/auth/check-login') {
      const body = parseBody(loginBody, request.body)
      return auth.checkPassword(body.login, body.password)
        ? ok({ success: true })
        : v2ErrorReply(403, 'Forbidden', 'wrong login or password')
    }
    return null
  }

  function authenticate(request: RequestContext): Actor | Reply {
    const key = headerValue(request.headers, 'x-vsaas-api-key')
    if (key !== undefined) {
      if (headerValue(request.headers, 'x-vsaas-user') !== undefined || !auth.apiKeyMatches(key)) {
        return v2ErrorReply(403, 'WrongApikey', 'the API key is not valid')
      }
      const admin = [...state.users.values()].find((user) => user.accessLevel === 'admin')
      if (!admin) return v2ErrorReply(403, 'Forbidden', 'no administrator to act as')
      return { user: admin, isAdmin: true }
    }
    const session = headerValue(request.headers, 'x-vsaas-session')
    const user = session ? auth.sessionUser(session) : null
    if (!user) return v2ErrorReply(403, 'Forbidden', 'missing or expired credentials')
    return { user, isAdmin: user.accessLevel === 'admin' }
  }

  router.add('GET', '/auth/whoami', (request) =>
    ok({ ...userViewV2(context, request.actor.user), is_admin: request.actor.isAdmin }),
  )
  router.add('POST', '/auth/logout', (request) => {
    const session = headerValue(request.headers, 'x-vsaas-session')
    if (session) auth.endSession(session)
    return success()
  })

  // --- organizations -----------------------------------------------------------------

  router.add('GET', '/organizations', (request) => {
    const { actor } = request
    const spec = organizationsCollectionV2(context)
    return list(
      request,
      { ...spec, view: (organization) => organizationViewV2(context, organization, actor) },
      actor.isAdmin
        ? undefined
        : {
            key: `user:${actor.user.id}`,
            allows: (organization) => memberOrAdmin(actor, organization),
          },
    )
  })
  router.add('POST', '/organizations', (request) => {
    requireAdmin(request)
    const body = parseBody(organizationBodyV2, request.body)
    const organization = ops.createOrganization({
      title: body.title,
      limits: { streams: body.camera_limit, users: body.user_limit },
      dvrLimit: body.dvr_limit,
      ownerId: body.owner_id,
    })
    return ok(organizationViewV2(context, organization, request.actor))
  })
  router.add('GET', '/organizations/:id', (request) => {
    const organization = ops.organization(idParam(request.params, 'id', 'organization'))
    if (!memberOrAdmin(request.actor, organization)) {
      throw new DomainError('not_found', 'NotFound', `organization ${organization.id} not found`)
    }
    return ok(organizationViewV2(context, organization, request.actor))
  })
  router.add('PUT', '/organizations/:id', (request) => {
    requireAdmin(request)
    const body = parseBody(organizationBodyV2, request.body)
    const organization = ops.updateOrganization(idParam(request.params, 'id', 'organization'), {
      title: body.title,
      limits: { streams: body.camera_limit, users: body.user_limit },
      dvrLimit: body.dvr_limit,
      ownerId: body.owner_id,
    })
    return ok(organizationViewV2(context, organization, request.actor))
  })
  router.add('DELETE', '/organizations/:id', (request) => {
    requireAdmin(request)
    ops.deleteOrganization(idParam(request.params, 'id', 'organization'))
    return success()
  })

  // --- members -------------------------------------------------------------------------

  router.add('GET', '/organizations/:id/users', (request) => {
    requireAdmin(request)
    const id = idParam(request.params, 'id', 'organization')
    ops.organization(id)
    return list(request, membersCollectionV2(context, id))
  })
  router.add('POST', '/organizations/:id/users', (request) => {
    requireAdmin(request)
    const id = idParam(request.params, 'id', 'organization')
    const body = parseBody(newMemberBodyV2, request.body)
    ops.organization(id)
    if (!state.users.has(body.user_id)) {
      throw new DomainError(
        'validation',
        'ValidationError',
        `user ${body.user_id} does not exist`,
        'user_id',
      )
    }
    const member = ops.putMember(id, body.user_id, memberPermissions(body), newMemberPermissionsV2)
    return ok(memberViewV2(context, member))
  })
  router.add('GET', '/organizations/:id/users/:userId', (request) => {
    requireAdmin(request)
    const member = ops.member(
      idParam(request.params, 'id', 'organization'),
      idParam(request.params, 'userId', 'user'),
    )
    return ok(memberViewV2(context, member))
  })
  router.add('PUT', '/organizations/:id/users/:userId', (request) => {
    requireAdmin(request)
    const id = idParam(request.params, 'id', 'organization')
    const userId = idParam(request.params, 'userId', 'user')
    ops.member(id, userId)
    const body = parseBody(memberBodyV2, request.body)
    const member = ops.putMember(id, userId, memberPermissions(body), newMemberPermissionsV2)
    return ok(memberViewV2(context, member))
  })
  router.add('DELETE', '/organizations/:id/users/:userId', (request) => {
    requireAdmin(request)
    ops.removeMember(
      idParam(request.params, 'id', 'organization'),
      idParam(request.params, 'userId', 'user'),
    )
    return success()
  })

  // --- organization presets ----------------------------------------------------------------

  router.add('GET', '/organizations/:id/presets', (request) => {
    requireAdmin(request)
    const id = idParam(request.params, 'id', 'organization')
    ops.organization(id)
    return list(request, presetLinksCollectionV2(context, id))
  })
  router.add('POST', '/organizations/:id/presets', (request) => {
    requireAdmin(request)
    const body = parseBody(presetLinkBodyV2, request.body)
    const link = ops.linkPreset(idParam(request.params, 'id', 'organization'), body.preset_id)
    return ok(presetLinkViewV2(context, link))
  })
  router.add('GET', '/organizations/:id/presets/:presetId', (request) => {
    requireAdmin(request)
    const id = idParam(request.params, 'id', 'organization')
    const presetId = idParam(request.params, 'presetId', 'preset')
    ops.organization(id)
    const link = state.link(id, presetId)
    if (!link) throw new DomainError('not_found', 'NotFound', `preset ${presetId} is not linked`)
    return ok(presetLinkViewV2(context, link))
  })
  router.add('DELETE', '/organizations/:id/presets/:presetId', (request) => {
    requireAdmin(request)
    ops.unlinkPreset(
      idParam(request.params, 'id', 'organization'),
      idParam(request.params, 'presetId', 'preset'),
    )
    return success()
  })

  // --- users ---------------------------------------------------------------------------

  router.add('GET', '/users', (request) => {
    requireAdmin(request)
    return list(request, usersCollectionV2(context))
  })
  router.add('POST', '/users', (request) => {
    requireAdmin(request)
    const body = parseBody(userBodyV2, request.body)
    const user = ops.createUser(
      { ...userInput(body), organizationId: body.organization_id },
      newMemberPermissionsV2,
    )
    return ok(userViewV2(context, user))
  })
  router.add('GET', '/users/:id', (request) => {
    requireAdmin(request)
    return ok(userViewV2(context, ops.user(idParam(request.params, 'id', 'user'))))
  })
  router.add('PUT', '/users/:id', (request) => {
    requireAdmin(request)
    const body = parseBody(userBodyV2, request.body)
    const user = ops.updateUser(idParam(request.params, 'id', 'user'), userInput(body))
    return ok(userViewV2(context, user))
  })
  router.add('DELETE', '/users/:id', (request) => {
    requireAdmin(request)
    ops.deleteUser(idParam(request.params, 'id', 'user'), request.actor)
    return success()
  })

  // --- presets -------------------------------------------------------------------------

  router.add('GET', '/presets', (request) => list(request, presetsCollectionV2(context)))
  router.add('POST', '/presets', (request) => {
    requireAdmin(request)
    const body = parseBody(presetBodyV2, request.body)
    return ok(presetViewV2(ops.createPreset(presetInput(body))))
  })
  router.add('GET', '/presets/:id', (request) =>
    ok(
      presetViewV2(ops.preset(idParam(request.params, 'id', 'preset'), { includeDeleted: false })),
    ),
  )
  router.add('PUT', '/presets/:id', (request) => {
    requireAdmin(request)
    const body = parseBody(presetBodyV2, request.body)
    const preset = ops.updatePreset(idParam(request.params, 'id', 'preset'), presetInput(body))
    return ok(presetViewV2(preset))
  })
  router.add('DELETE', '/presets/:id', (request) => {
    requireAdmin(request)
    ops.deletePreset(idParam(request.params, 'id', 'preset'))
    return success()
  })

  // --- cameras -------------------------------------------------------------------------

  const canSee = (actor: Actor, stream: StreamRecord) => {
    if (actor.isAdmin) return true
    const organization = state.organizations.get(stream.organizationId)
    if (organization?.ownerId === actor.user.id) return true
    return state.member(stream.organizationId, actor.user.id)?.permissions.can_view_streams ?? false
  }

  router.add('GET', '/cameras', (request) => {
    const { actor } = request
    return list(
      request,
      camerasCollectionV2(context),
      actor.isAdmin
        ? undefined
        : { key: `user:${actor.user.id}`, allows: (stream) => canSee(actor, stream) },
    )
  })
  router.add('POST', '/cameras', (request) => {
    requireAdmin(request)
    const body = parseBody(cameraBodyV2, request.body)
    const name =
      body.name ?? `${slugForCameraName(body.title ?? '')}-${randomBytes(5).toString('hex')}`
    const stream = ops.putStream(name, cameraInput(body, undefined), {
      actor: request.actor,
      mode: 'create',
    })
    return ok(cameraViewV2(context, stream))
  })
  router.add('GET', '/cameras/*name', (request) => {
    const stream = ops.stream(request.params.name)
    if (!canSee(request.actor, stream)) {
      throw new DomainError('not_found', 'NotFound', `camera ${stream.name} not found`)
    }
    return ok(cameraViewV2(context, stream))
  })
  router.add('PUT', '/cameras/*name', (request) => {
    requireAdmin(request)
    const body = parseBody(cameraBodyV2, request.body)
    const name = request.params.name
    if (body.name !== undefined && body.name !== name) {
      throw new DomainError('validation', 'ValidationError', 'name cannot be changed', 'name')
    }
    const stream = ops.putStream(name, cameraInput(body, state.streams.get(name)), {
      actor: request.actor,
      mode: 'update',
    })
    return ok(cameraViewV2(context, stream))
  })
  router.add('DELETE', '/cameras/*name', (request) => {
    requireAdmin(request)
    ops.deleteStream(request.params.name)
    return success()
  })

  // --- dispatch ------------------------------------------------------------------------

  return async function handleV2(request: RequestContext): Promise<Reply> {
    // Every path also exists under /domains/{domain_id}/ (single-domain emulator).
    const path = request.path.replace(/^\/domains\/\d+(?=\/|$)/, '') || '/'
    try {
      const scoped = { ...request, path }
      const authReply = await authRoute(scoped)
      if (authReply) return authReply
      const actor = authenticate(scoped)
      if ('status' in actor) return actor
      const match = router.match(request.method, path)
      if (match.kind === 'not_found') {
        return v2ErrorReply(404, 'NotFound', `no such endpoint: ${request.method} ${path}`)
      }
      if (match.kind === 'method_not_allowed') {
        return {
          ...v2ErrorReply(405, 'BadRequest', `${request.method} is not allowed here`),
          headers: { allow: match.allowed.join(', ') },
        }
      }
      return await match.handler({ ...scoped, params: match.params, actor })
    } catch (error) {
      return renderError(error)
    }
  }
}

function nonNegative(raw: string | null | undefined, parameter: string): number | null {
  if (raw === null || raw === undefined || raw === '') return null
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new DomainError(
      'validation',
      'ValidationError',
      `${parameter} must be a non-negative integer`,
      undefined,
      parameter,
    )
  }
  return value
}

function memberPermissions(body: ReturnType<typeof memberBodyV2.parse>) {
  return {
    can_view_stats: body.can_view_organization_stats,
    can_edit_streams: body.can_edit_organization_cameras,
    can_edit_users: body.can_edit_organization_users,
  }
}

function userInput(body: ReturnType<typeof userBodyV2.parse>) {
  return {
    name: body.login,
    password: body.password,
    fullname: body.name,
    email: body.notification_email,
    phone: body.phone,
    note: body.note,
    locale: body.locale,
    disabled: enabledToDisabled(body.enabled),
    accessLevel:
      body.is_admin === undefined
        ? undefined
        : body.is_admin
          ? ('admin' as const)
          : ('generic' as const),
    readonly: body.readonly,
  }
}

function presetInput(body: ReturnType<typeof presetBodyV2.parse>) {
  return {
    title: body.title,
    dvr: {
      expiration: convertOptional(body.dvr_depth, daysToSeconds),
      episodes_expiration: convertOptional(body.dvr_lock_days, daysToSeconds),
      storage_limit: convertOptional(body.dvr_space, gbToBytes),
    },
    vision: body.vision_params === undefined ? undefined : body.vision_params,
    isAdjustable: body.is_adjustable,
    isDefault: body.is_default,
  }
}

function cameraInput(
  body: ReturnType<typeof cameraBodyV2.parse>,
  existing: StreamRecord | undefined,
): StreamInput {
  let inputs: { url: string }[] | undefined
  if (body.stream_url !== undefined || body.substream_url !== undefined) {
    const main = body.stream_url !== undefined ? body.stream_url : existing?.inputs[0]?.url
    const sub = body.substream_url !== undefined ? body.substream_url : existing?.inputs[1]?.url
    inputs = [main, sub].filter((url): url is string => Boolean(url)).map((url) => ({ url }))
  }
  return {
    title: body.title,
    comment: body.comment,
    disabled: enabledToDisabled(body.enabled),
    static: body.static,
    inputs,
    organizationId: body.organization_id ?? undefined,
    presetId: body.preset_id ?? undefined,
    dvr: {
      expiration: convertOptional(body.dvr_depth, daysToSeconds),
      episodes_expiration: convertOptional(body.dvr_lock_days, daysToSeconds),
      storage_limit: convertOptional(body.dvr_space, gbToBytes),
    },
    vision: body.vision_alg === undefined ? undefined : { alg: body.vision_alg },
  }
}
