import { performance } from 'node:perf_hooks'
import { ZodError, type ZodType } from 'zod'
import { parseBearer } from '../auth'
import type { EmulatorContext } from '../context'
import { DomainError } from '../errors'
import {
  headerValue,
  idParam,
  noContent,
  ok,
  Router,
  type Reply,
  type RequestContext,
} from '../http'
import { newMemberPermissionsV3 } from '../inferred'
import type { Actor, StreamInput } from '../operations'
import {
  decodeCursor,
  encodeCursor,
  keysetPage,
  parseLimit,
  parseListQuery,
  parseSelect,
  selectFields,
  type CollectionSpec,
  type Scope,
} from '../query'
import type { OrganizationRecord, StreamRecord } from '../records'
import {
  membersCollection,
  organizationsCollection,
  presetsCollection,
  streamsCollection,
  usersCollection,
} from './collections'
import {
  organizationBody,
  permissionsBody,
  presetBody,
  presetLinkBody,
  streamBody,
  userBody,
} from './schemas'
import { memberView, organizationView, presetView, streamView, userView } from './views'

export const V3_CLIENT_BASE = '/watcher/client-api/v3'
export const V3_ADMIN_BASE = '/watcher/admin-api/v3'

type ApiKind = 'client' | 'admin'

interface V3Request extends RequestContext {
  actor: Actor
  api: ApiKind
  /** Where a logical field points in this request's body, when it differs from the default. */
  pointers: Record<string, string>
}

const DEFAULT_POINTERS: Record<string, string> = {
  login: '/name',
  owner: '/owner/id',
  organization: '/organization/id',
  preset: '/preset/id',
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
}

export function v3ErrorReply(
  status: number,
  code: string,
  title: string,
  source?: { pointer?: string; parameter?: string },
): Reply {
  const error: Record<string, unknown> = { status: String(status), code, title }
  if (source && (source.pointer || source.parameter)) error.source = source
  return { status, body: { errors: [error] } }
}

function renderError(error: unknown, pointers: Record<string, string>): Reply {
  if (error instanceof DomainError) {
    const pointer = error.field
      ? (pointers[error.field] ??
        DEFAULT_POINTERS[error.field] ??
        `/${error.field.replaceAll('.', '/')}`)
      : undefined
    return v3ErrorReply(STATUS_BY_KIND[error.kind], error.code, error.message, {
      pointer,
      parameter: error.parameter,
    })
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0]
    const pointer = `/${issue.path.join('/')}`
    return v3ErrorReply(400, 'validation_error', `${pointer}: ${issue.message}`, { pointer })
  }
  throw error
}

function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new DomainError('validation', 'validation_error', 'the body must be a JSON object', '')
  }
  return schema.parse(body ?? {})
}

const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message)

/** Watcher API v3: Client and Admin APIs over the shared state. */
export function createV3Api(context: EmulatorContext) {
  const { state, ops, engine, auth } = context
  const routers: Record<ApiKind, Router<V3Request>> = {
    client: new Router<V3Request>(),
    admin: new Router<V3Request>(),
  }

  // --- access ----------------------------------------------------------------------

  const requireAdmin = (request: V3Request) => {
    if (!request.actor.isAdmin) throw forbidden('only a Watcher administrator may do this')
  }
  const isOwner = (organization: OrganizationRecord, actor: Actor) =>
    organization.ownerId === actor.user.id
  const can = (
    actor: Actor,
    organizationId: number,
    permission: 'can_view_streams' | 'can_edit_streams' | 'can_edit_users',
  ) => {
    if (actor.isAdmin) return true
    const organization = state.organizations.get(organizationId)
    if (organization && isOwner(organization, actor)) return true
    return state.member(organizationId, actor.user.id)?.permissions[permission] ?? false
  }
  const visibleOrganization = (request: V3Request, id: number): OrganizationRecord => {
    const organization = ops.organization(id)
    const { actor } = request
    if (!actor.isAdmin && !isOwner(organization, actor) && !state.member(id, actor.user.id)) {
      throw new DomainError('not_found', 'not_found', `organization ${id} not found`)
    }
    return organization
  }
  const manageableOrganization = (request: V3Request, id: number): OrganizationRecord => {
    const organization = visibleOrganization(request, id)
    if (!request.actor.isAdmin && !isOwner(organization, request.actor)) {
      throw forbidden(`only the owner of organization ${id} or an administrator may do this`)
    }
    return organization
  }

  // --- lists -----------------------------------------------------------------------

  function list<R>(
    request: V3Request,
    spec: CollectionSpec<R>,
    key: string,
    scope?: Scope<R>,
  ): Reply {
    const started = performance.now()
    const limit = parseLimit(request.query.get('limit'))
    let params = request.query
    let position: { after?: unknown[]; before?: unknown[] } = {}
    const cursor = request.query.get('cursor')
    if (cursor) {
      const body = decodeCursor(cursor)
      params = new URLSearchParams(body.q)
      position = { after: body.a, before: body.b }
    }
    const resolved = engine.resolve(spec, parseListQuery(params), scope)
    const page = keysetPage(resolved, position, limit)
    const select = parseSelect(request.query.get('select') ?? params.get('select'))
    const only = select ? new Set(select.map((field) => field.split('.')[0])) : undefined
    const continuation = new URLSearchParams(params)
    continuation.delete('cursor')
    continuation.delete('limit')
    const q = continuation.toString()
    return ok({
      [key]: page.items.map((record) => selectFields(spec.view(record, only), select)),
      estimated_count: resolved.records.length,
      next: page.next ? encodeCursor({ q, a: page.next }) : null,
      prev: page.prev ? encodeCursor({ q, b: page.prev }) : null,
      timing: { total_ms: Math.round((performance.now() - started) * 1000) / 1000 },
    })
  }

  // --- organizations (Client API) --------------------------------------------------------

  const organizations = routers.client
  organizations.add('GET', '/organizations', (request) => {
    const { actor } = request
    const scope = actor.isAdmin
      ? undefined
      : {
          key: `user:${actor.user.id}`,
          allows: (organization: OrganizationRecord) =>
            isOwner(organization, actor) || Boolean(state.member(organization.id, actor.user.id)),
        }
    const spec = organizationsCollection(context)
    return list(
      request,
      { ...spec, view: (organization) => organizationView(context, organization, actor) },
      'organizations',
      scope,
    )
  })
  organizations.add('POST', '/organizations', (request) => {
    requireAdmin(request)
    const body = parseBody(organizationBody, request.body)
    const organization = ops.createOrganization({
      title: body.title,
      limits: body.limits ?? undefined,
      ownerId: body.owner === undefined ? undefined : (body.owner?.id ?? null),
    })
    return ok(organizationView(context, organization, request.actor))
  })
  organizations.add('GET', '/organizations/:id', (request) => {
    const organization = visibleOrganization(request, idParam(request.params, 'id', 'organization'))
    return ok(organizationView(context, organization, request.actor))
  })
  organizations.add('PUT', '/organizations/:id', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    manageableOrganization(request, id)
    const body = parseBody(organizationBody, request.body)
    const organization = ops.updateOrganization(id, {
      title: body.title,
      limits: body.limits ?? undefined,
      ownerId: body.owner === undefined ? undefined : (body.owner?.id ?? null),
    })
    return ok(organizationView(context, organization, request.actor))
  })
  organizations.add('DELETE', '/organizations/:id', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    visibleOrganization(request, id)
    requireAdmin(request)
    ops.deleteOrganization(id)
    return noContent()
  })

  // --- organization members (Client API) -------------------------------------------------

  organizations.add('GET', '/organizations/:id/users', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    visibleOrganization(request, id)
    return list(request, membersCollection(context, id), 'users')
  })
  organizations.add('GET', '/organizations/:id/users/:userId', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    visibleOrganization(request, id)
    const member = ops.member(id, idParam(request.params, 'userId', 'user'))
    return ok(memberView(context, member))
  })
  organizations.add('PUT', '/organizations/:id/users/:userId', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    visibleOrganization(request, id)
    if (!can(request.actor, id, 'can_edit_users')) {
      throw forbidden(`editing the users of organization ${id} needs can_edit_users`)
    }
    const userId = idParam(request.params, 'userId', 'user')
    ops.user(userId)
    const permissions = parseBody(permissionsBody, request.body)
    const member = ops.putMember(id, userId, permissions, newMemberPermissionsV3)
    return ok(memberView(context, member))
  })
  organizations.add('DELETE', '/organizations/:id/users/:userId', (request) => {
    const id = idParam(request.params, 'id', 'organization')
    visibleOrganization(request, id)
    if (!can(request.actor, id, 'can_edit_users')) {
      throw forbidden(`editing the users of organization ${id} needs can_edit_users`)
    }
    ops.removeMember(id, idParam(request.params, 'userId', 'user'))
    return noContent()
  })

  // --- organization presets (Client and Admin API) ---------------------------------------

  for (const router of [routers.client, routers.admin]) {
    router.add('PUT', '/organizations/:id/presets', (request) => {
      const id = idParam(request.params, 'id', 'organization')
      manageableOrganization(request, id)
      const body = parseBody(presetLinkBody, request.body)
      ops.linkPreset(id, body.preset_id)
      return ok(presetView(context, ops.preset(body.preset_id, { includeDeleted: false })))
    })
    router.add('DELETE', '/organizations/:id/presets/:presetId', (request) => {
      const id = idParam(request.params, 'id', 'organization')
      manageableOrganization(request, id)
      ops.unlinkPreset(id, idParam(request.params, 'presetId', 'preset'))
      return noContent()
    })
  }

  // --- users (Client and Admin API; administrators only) ---------------------------------

  for (const router of [routers.client, routers.admin]) {
    router.add('GET', '/users', (request) => {
      requireAdmin(request)
      return list(request, usersCollection(context), 'users_list')
    })
    router.add('POST', '/users', (request) => {
      requireAdmin(request)
      const body = parseBody(userBody, request.body)
      const user = ops.createUser(
        { ...userInput(body), organizationId: body.organization_id },
        newMemberPermissionsV3,
      )
      return ok(userView(context, user))
    })
    router.add('GET', '/users/:id', (request) => {
      requireAdmin(request)
      return ok(userView(context, ops.user(idParam(request.params, 'id', 'user'))))
    })
    router.add('PUT', '/users/:id', (request) => {
      requireAdmin(request)
      const body = parseBody(userBody, request.body)
      const user = ops.updateUser(idParam(request.params, 'id', 'user'), userInput(body))
      return ok(userView(context, user))
    })
    router.add('DELETE', '/users/:id', (request) => {
      requireAdmin(request)
      ops.deleteUser(idParam(request.params, 'id', 'user'), request.actor)
      return noContent()
    })
  }

  // --- presets (Admin API; read-only in the Client API) ---------------------------------

  routers.admin.add('GET', '/presets', (request) =>
    list(request, presetsCollection(context), 'presets'),
  )
  routers.admin.add('POST', '/presets', (request) => {
    const body = parseBody(presetBody, request.body)
    return ok(presetView(context, ops.createPreset(presetInput(body))))
  })
  routers.admin.add('GET', '/presets/:id', (request) => {
    const id = idParam(request.params, 'id', 'preset')
    return ok(presetView(context, ops.preset(id, { includeDeleted: true })))
  })
  routers.admin.add('PUT', '/presets/:id', (request) => {
    const body = parseBody(presetBody, request.body)
    const id = idParam(request.params, 'id', 'preset')
    return ok(presetView(context, ops.updatePreset(id, presetInput(body))))
  })
  routers.client.add('GET', '/presets', (request) => {
    const spec = presetsCollection(context)
    const scope = {
      key: 'live',
      allows: (preset: { deletedAt: number | null }) => !preset.deletedAt,
    }
    return list(request, spec, 'presets', scope)
  })
  routers.client.add('GET', '/presets/:id', (request) => {
    const id = idParam(request.params, 'id', 'preset')
    return ok(presetView(context, ops.preset(id, { includeDeleted: false })))
  })

  // --- streams (Admin API; the Client API sees the caller's organizations) ----------------

  for (const router of [routers.client, routers.admin]) {
    router.add('GET', '/streams', (request) => {
      const { actor } = request
      const scope = actor.isAdmin
        ? undefined
        : {
            key: `user:${actor.user.id}`,
            allows: (stream: StreamRecord) => can(actor, stream.organizationId, 'can_view_streams'),
          }
      return list(request, streamsCollection(context), 'streams', scope)
    })
    router.add('GET', '/streams/*name', (request) => {
      const stream = ops.stream(request.params.name)
      if (!can(request.actor, stream.organizationId, 'can_view_streams')) {
        throw new DomainError('not_found', 'not_found', `stream ${stream.name} not found`)
      }
      const select = parseSelect(request.query.get('select'))
      const only = select ? new Set(select.map((field) => field.split('.')[0])) : undefined
      return ok(selectFields(streamView(context, stream, only), select))
    })
    router.add('PUT', '/streams/*name', (request) => {
      const name = request.params.name
      const body = parseBody(streamBody, request.body)
      if (body.name !== undefined && body.name !== name) {
        throw new DomainError('validation', 'validation_error', 'name cannot be changed', 'name')
      }
      const input: StreamInput = {
        title: body.title,
        comment: body.comment,
        disabled: body.disabled,
        static: body.static,
        inputs: body.inputs?.map((item) => ({ url: item.url })),
        organizationId: body.organization?.id ?? body.organization_id ?? undefined,
        presetId: body.preset?.id ?? body.preset_id ?? undefined,
        dvr: body.dvr,
        vision: body.vision,
      }
      if (!body.preset && body.preset_id) request.pointers.preset = '/preset_id'
      if (!body.organization && body.organization_id) {
        request.pointers.organization = '/organization_id'
      }
      const existing = state.streams.get(name)
      for (const organizationId of [existing?.organizationId, input.organizationId]) {
        if (
          organizationId !== undefined &&
          !can(request.actor, organizationId, 'can_edit_streams')
        ) {
          throw forbidden(
            `editing streams of organization ${organizationId} needs can_edit_streams`,
          )
        }
      }
      if (!existing && input.organizationId === undefined) requireAdmin(request)
      const stream = ops.putStream(name, input, {
        actor: request.actor,
        mode: 'upsert',
        replace: body.$reset === true,
      })
      return ok(streamView(context, stream))
    })
    router.add('DELETE', '/streams/*name', (request) => {
      const stream = ops.stream(request.params.name)
      if (!can(request.actor, stream.organizationId, 'can_edit_streams')) {
        throw forbidden(
          `deleting streams of organization ${stream.organizationId} needs can_edit_streams`,
        )
      }
      ops.deleteStream(stream.name)
      return noContent()
    })
  }

  // --- dispatch ----------------------------------------------------------------------

  async function login(authorization: string | undefined): Promise<Reply> {
    const bearer = parseBearer(authorization)
    if (bearer) {
      const tokens = await auth.refresh(bearer)
      if (tokens) return ok(tokens)
      return v3ErrorReply(401, 'invalid_refresh_token', 'the refresh token is not valid')
    }
    const user = auth.basicUser(authorization)
    if (!user) return v3ErrorReply(401, 'invalid_credentials', 'wrong login or password')
    return ok(await auth.issueTokens(user))
  }

  async function authenticate(authorization: string | undefined): Promise<Actor | null> {
    const bearer = parseBearer(authorization)
    const user = bearer ? await auth.accessTokenUser(bearer) : auth.basicUser(authorization)
    return user ? { user, isAdmin: user.accessLevel === 'admin' } : null
  }

  return async function handleV3(api: ApiKind, request: RequestContext): Promise<Reply> {
    const pointers: Record<string, string> = {}
    try {
      const authorization = headerValue(request.headers, 'authorization')
      if (request.path === '/login') {
        if (request.method !== 'POST') {
          return v3ErrorReply(405, 'method_not_allowed', 'use POST to log in')
        }
        return await login(authorization)
      }
      const actor = await authenticate(authorization)
      if (!actor) {
        return {
          ...v3ErrorReply(401, 'unauthorized', 'missing, wrong or expired credentials'),
          headers: { 'www-authenticate': 'Bearer realm="watcher", Basic realm="watcher"' },
        }
      }
      if (api === 'admin' && !actor.isAdmin) {
        return v3ErrorReply(403, 'forbidden', 'the Admin API is for Watcher administrators')
      }
      const match = routers[api].match(request.method, request.path)
      if (match.kind === 'not_found') {
        return v3ErrorReply(404, 'not_found', `no such endpoint: ${request.method} ${request.path}`)
      }
      if (match.kind === 'method_not_allowed') {
        return {
          ...v3ErrorReply(405, 'method_not_allowed', `${request.method} is not allowed here`),
          headers: { allow: match.allowed.join(', ') },
        }
      }
      return await match.handler({ ...request, params: match.params, actor, api, pointers })
    } catch (error) {
      return renderError(error, pointers)
    }
  }
}

function userInput(body: ReturnType<typeof userBody.parse>) {
  return {
    name: body.name,
    password: body.password,
    fullname: body.fullname,
    email: body.email,
    phone: body.phone,
    locale: body.locale,
    note: body.note,
    disabled: body.disabled,
    accessLevel: body.access_level,
    readonly: body.readonly,
  }
}

function presetInput(body: ReturnType<typeof presetBody.parse>) {
  return {
    title: body.title,
    dvr: body.dvr,
    vision: body.vision,
    isAdjustable: body.is_adjustable,
    isDefault: body.is_default,
  }
}
