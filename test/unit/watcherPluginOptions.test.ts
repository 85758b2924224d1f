import type { CollectionConfig, Config } from 'payload'
import { describe, expect, it } from 'vitest'
import { watcherPlugin } from '../../src/plugins/watcher'
import { resolveOptions } from '../../src/plugins/watcher/options'

const collection = (slug: string): CollectionConfig => ({
  slug,
  fields: [{ name: 'title', type: 'text' }],
})
const baseConfig = (slugs: string[]): Config => ({ collections: slugs.map(collection) }) as Config

describe('watcherPlugin options', () => {
  it('fills in the defaults, each overridable', () => {
    const options = resolveOptions({
      reconcileCron: '0 4 * * *',
      collections: { users: 'payments' },
    })
    expect(options.reconcileCron).toBe('0 4 * * *')
    expect(options.usageCron).toBe('*/15 * * * *')
    expect(options.collections).toEqual({
      subscriptions: 'subscriptions',
      organizations: 'organizations',
      users: 'payments',
      services: 'services',
    })
    expect(typeof options.api).toBe('function')
  })

  it('passes its options to what it builds instead of keeping them in the module', () => {
    const config = baseConfig(['subscriptions', 'organizations', 'users', 'services'])
    const first = watcherPlugin({
      retries: { attempts: 4, delayMs: 1_000 },
      usageCron: '*/5 * * * *',
    })(config) as Config
    const second = watcherPlugin({ retries: { attempts: 9, delayMs: 2_000 } })(config) as Config
    const task = (built: Config, slug: string) =>
      built.jobs!.tasks!.find((candidate) => candidate.slug === slug)!
    // building a second config does not change the first one's tasks
    expect(task(first, 'watcher-sync').retries).toMatchObject({
      attempts: 4,
      backoff: { delay: 1_000 },
    })
    expect(task(second, 'watcher-sync').retries).toMatchObject({
      attempts: 9,
      backoff: { delay: 2_000 },
    })
    expect(task(first, 'usage-collect').schedule).toEqual([
      { cron: '*/5 * * * *', queue: 'billing' },
    ])
  })

  it('adds its sync state to the collections named by the options, and its own collections last', () => {
    const built = watcherPlugin({ collections: { users: 'payments' } })(
      baseConfig(['subscriptions', 'organizations', 'payments', 'services']),
    ) as Config
    const fields = (slug: string) =>
      built
        .collections!.find((candidate) => candidate.slug === slug)!
        .fields.map((field) => ('name' in field ? field.name : ''))
    expect(fields('payments')).toContain('watcher')
    expect(fields('payments')).toContain('adoptWatcherUser')
    expect(fields('services')).not.toContain('watcher')
    expect(built.collections!.slice(-3).map((candidate) => candidate.slug)).toEqual([
      'sync-events',
      'reconcile-reports',
      'dunning-stream-holds',
    ])
  })

  it('refuses a config without a collection it is told to work on', () => {
    expect(() =>
      watcherPlugin()(baseConfig(['subscriptions', 'organizations', 'services'])),
    ).toThrow(/no collection "users"/)
  })
})
