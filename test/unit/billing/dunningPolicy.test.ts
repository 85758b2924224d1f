import { describe, expect, it } from 'vitest'
import {
  daysOverdue,
  DEFAULT_DUNNING_POLICY,
  effectivePolicy,
  policyProblem,
  stagesReached,
} from '../../../src/billing/dunningPolicy'

const due = new Date('2026-10-15T00:00:00Z')
const at = (iso: string) => new Date(iso)

describe('dunning policy', () => {
  it('reaches each stage on its day after the due date, recording stop only when on', () => {
    expect(stagesReached(DEFAULT_DUNNING_POLICY, due, at('2026-10-17T23:59:59Z'))).toEqual([])
    expect(stagesReached(DEFAULT_DUNNING_POLICY, due, at('2026-10-18T00:00:00Z'))).toEqual([
      'reminder',
    ])
    expect(stagesReached(DEFAULT_DUNNING_POLICY, due, at('2026-10-22T00:00:00Z'))).toEqual([
      'reminder',
      'warning',
    ])
    expect(stagesReached(DEFAULT_DUNNING_POLICY, due, at('2026-10-29T00:00:00Z'))).toEqual([
      'reminder',
      'warning',
      'suspension',
    ])
    expect(stagesReached(DEFAULT_DUNNING_POLICY, due, at('2027-01-01T00:00:00Z'))).toEqual([
      'reminder',
      'warning',
      'suspension',
    ])
    const on = { ...DEFAULT_DUNNING_POLICY, recordingStop: true }
    expect(stagesReached(on, due, at('2026-11-13T23:59:59Z'))).not.toContain('recording_stop')
    expect(stagesReached(on, due, at('2026-11-14T00:00:00Z'))).toEqual([
      'reminder',
      'warning',
      'suspension',
      'recording_stop',
    ])
    expect(daysOverdue(due, at('2026-10-29T12:00:00Z'))).toBe(14)
  })

  it('an organization overrides what it sets, the rest is global', () => {
    expect(
      effectivePolicy(DEFAULT_DUNNING_POLICY, { suspensionDays: 21, recordingStop: 'on' }),
    ).toEqual({
      reminderDays: 3,
      warningDays: 7,
      suspensionDays: 21,
      recordingStop: true,
      recordingStopDays: 30,
    })
    expect(
      effectivePolicy({ ...DEFAULT_DUNNING_POLICY, recordingStop: true }, { recordingStop: 'off' })
        .recordingStop,
    ).toBe(false)
    expect(
      effectivePolicy(DEFAULT_DUNNING_POLICY, { recordingStop: 'inherit', reminderDays: null }),
    ).toEqual(DEFAULT_DUNNING_POLICY)
  })

  it('names the field that breaks the order or is not a whole number of days', () => {
    expect(policyProblem(DEFAULT_DUNNING_POLICY)).toBeNull()
    expect(policyProblem({ ...DEFAULT_DUNNING_POLICY, warningDays: 3 })).toMatchObject({
      field: 'warningDays',
      after: 'reminderDays',
    })
    expect(policyProblem({ ...DEFAULT_DUNNING_POLICY, suspensionDays: 6 })).toMatchObject({
      field: 'suspensionDays',
    })
    expect(policyProblem({ ...DEFAULT_DUNNING_POLICY, reminderDays: 1.5 })).toMatchObject({
      field: 'reminderDays',
    })
    expect(policyProblem({ ...DEFAULT_DUNNING_POLICY, reminderDays: -1 })).toMatchObject({
      field: 'reminderDays',
    })
    // recording stop is checked only when it is on
    expect(policyProblem({ ...DEFAULT_DUNNING_POLICY, recordingStopDays: 10 })).toBeNull()
    expect(
      policyProblem({ ...DEFAULT_DUNNING_POLICY, recordingStop: true, recordingStopDays: 14 }),
    ).toMatchObject({ field: 'recordingStopDays', after: 'suspensionDays' })
  })
})
