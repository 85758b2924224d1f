import { describe, expect, it } from 'vitest'
import { redactSyncError } from '../../src/plugins/watcher/client/redact'

describe('redactSyncError', () => {
  it('keeps the cause', () => {
    const message =
      'GET /watcher/client-api/v3/organizations/2: HTTP 503: Watcher answered GET /watcher/client-api/v3/organizations/2 with 503 injected_fault: injected fault'
    expect(redactSyncError(message)).toBe(message)
  })

  it('hides stream names in paths, URLs, and credentials', () => {
    expect(
      redactSyncError('PUT /watcher/admin-api/v3/streams/acme/front%20door: HTTP 404: not found'),
    ).toBe('PUT /watcher/admin-api/v3/streams/:name: HTTP 404: not found')
    expect(redactSyncError('GET /vsaas/api/v2/cameras/shop-1 failed')).toBe(
      'GET /vsaas/api/v2/cameras/:name failed',
    )
    expect(
      redactSyncError(
        'unreachable: http://admin:s3cret@watcher.example:80/watcher/client-api/v3/login',
      ),
    ).toBe('unreachable: <url>')
    expect(redactSyncError('source rtsp://cam:pw@10.0.0.5/live is down')).toBe(
      'source <url> is down',
    )
    expect(redactSyncError('refused Authorization: Bearer abc.def.ghi')).toBe(
      'refused Authorization: Bearer ***',
    )
    expect(redactSyncError('bad token=abcdef123 and password: "hunter2"')).toBe(
      'bad token=*** and password: "***"',
    )
    expect(redactSyncError('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x here')).toBe(
      'jwt *** here',
    )
    expect(redactSyncError('x'.repeat(2_000))).toHaveLength(500)
  })
})
