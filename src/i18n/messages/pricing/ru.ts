import type { PricingMessages } from './en'

export const pricingRu: PricingMessages = {}
