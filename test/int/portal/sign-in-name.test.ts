import { beforeAll, describe, expect, it } from 'vitest'
import { signInEmail } from '../../../src/portal'
import { testPayload } from '../../helpers/app'
import { createWorld, PASSWORD, type World } from '../../helpers/world'

let world: World

beforeAll(async () => {
  world = await createWorld(await testPayload(), 'signin')
})

describe('portal sign-in with the Watcher login', () => {
  it('turns a login into its e-mail, and signing in with it works', async () => {
    const payload = await testPayload()
    const user = world.users.subscriberA
    const email = await signInEmail(payload, `  ${user.login}  `)
    expect(email).toBe(user.email)
    const result = await payload.login({ collection: 'users', data: { email, password: PASSWORD } })
    expect(result.user?.id).toBe(user.id)
  })

  it('keeps an e-mail as typed', async () => {
    expect(await signInEmail(await testPayload(), 'someone@example.test')).toBe(
      'someone@example.test',
    )
  })

  it('answers an unknown login unchanged, so sign-in fails like a wrong password', async () => {
    const payload = await testPayload()
    expect(await signInEmail(payload, 'nobody-signin')).toBe('nobody-signin')
    await expect(
      payload.login({ collection: 'users', data: { email: 'nobody-signin', password: PASSWORD } }),
    ).rejects.toThrow()
  })
})
