import type { PricingMessages } from './en'

export const pricingEs: PricingMessages = {}
