import request from 'supertest'
import { testServer } from './app'

/** Logs in through REST and answers the Authorization header value. */
export async function loginHeader(email: string, password: string): Promise<string> {
  const response = await request(await testServer())
    .post('/api/users/login')
    .send({ email, password })
  if (response.status !== 200) {
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return `JWT ${response.body.token as string}`
}
