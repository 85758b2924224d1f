import type { PricingMessages } from './en'

export const pricingPt: PricingMessages = {}
