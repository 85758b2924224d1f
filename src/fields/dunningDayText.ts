import type { PayloadRequest } from 'payload'
import { checkDays, MAX_DAYS, type PolicyProblem } from '../billing/dunningPolicy'
import { requestMessages } from '../i18n'

/**
 * The dunning policy's day fields (the global policy and an organization's override) answer their
 * validation in the caller's language: what is wrong with one value (checkDays), and a stage that
 * does not come after the one before (policyProblem), named with the stages' labels.
 */
export function daysText(req: PayloadRequest, value: unknown, required: boolean): true | string {
  const problem = checkDays(value, required)
  if (problem === true) return true
  const text = requestMessages(req).validation
  if (problem === 'required') return text.fieldRequired
  if (problem === 'whole') return text.wholeDays
  return text.daysRange({ max: MAX_DAYS })
}

export function policyProblemText(req: PayloadRequest, problem: PolicyProblem): string {
  const messages = requestMessages(req)
  if (problem.kind === 'days' || !problem.stage || !problem.afterStage)
    return messages.validation.daysRange({ max: MAX_DAYS })
  const stages = messages.admin.options.dunningStages
  return messages.validation.dunningOrder({
    stage: stages[problem.stage],
    days: problem.days ?? 0,
    earlier: stages[problem.afterStage],
    earlierDays: problem.afterDays ?? 0,
  })
}
