/**
 * The pricing section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with PricingMessages.
 */
export const pricingEn = {}

export type PricingMessages = typeof pricingEn
