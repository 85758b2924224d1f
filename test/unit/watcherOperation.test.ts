import { describe, expect, it } from 'vitest'
import { watcherOperation } from '../../src/plugins/watcher/client/transport'

describe('watcherOperation (the metric label of a Watcher call)', () => {
  it('names the API and replaces ids', () => {
    expect(watcherOperation('get', '/watcher/client-api/v3/organizations')).toBe(
      'GET client-v3/organizations',
    )
    expect(watcherOperation('PUT', '/watcher/client-api/v3/organizations/12/users/345')).toBe(
      'PUT client-v3/organizations/:id/users/:id',
    )
    expect(watcherOperation('DELETE', '/vsaas/api/v2/presets/7')).toBe('DELETE v2/presets/:id')
  })

  it('never carries a stream name, even one with slashes', () => {
    expect(watcherOperation('PUT', '/watcher/admin-api/v3/streams/acme/front-door%20cam')).toBe(
      'PUT admin-v3/streams/:name',
    )
    expect(watcherOperation('GET', '/vsaas/api/v2/cameras/shop-1?x=1')).toBe('GET v2/cameras/:name')
    expect(watcherOperation('GET', '/watcher/admin-api/v3/streams')).toBe('GET admin-v3/streams')
  })
})
