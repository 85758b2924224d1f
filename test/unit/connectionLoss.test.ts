import { describe, expect, it } from 'vitest'
import { isConnectionLoss } from '../../src/db/connectionLoss'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isConnectionLoss', () => {
  it('the server gone: SQLSTATE 08xxx and 57P01-03, refused or reset sockets, ended clients', () => {
    expect(isConnectionLoss(withCode('terminating connection', '57P01'))).toBe(true)
    expect(isConnectionLoss(withCode('connection failure', '08006'))).toBe(true)
    expect(isConnectionLoss(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      true,
    )
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionLoss(new Error('Error: cannot begin transaction: timeout'))).toBe(true)
  })

  it('a statement refused (a constraint, a raised exception, a bad value) is not', () => {
    expect(isConnectionLoss(withCode('duplicate key value', '23505'))).toBe(false)
    expect(isConnectionLoss(withCode('refused for the test', 'P0001'))).toBe(false)
    expect(isConnectionLoss(new Error('invalid input syntax for type integer'))).toBe(false)
    expect(isConnectionLoss('a string')).toBe(false)
  })
})
