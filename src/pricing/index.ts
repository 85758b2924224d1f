/** Pricing: "Try a price change" (replay a closed month through the invoice assembly with other prices) and publishing it. */
export { pricingEndpoints } from './endpoints'
export {
  simulatePriceChange,
  percentOf,
  type CurrencyTotals,
  type OrganizationResult,
  type SimulationOptions,
  type SimulationResult,
  type ThresholdCrossing,
} from './simulate'
export { publishPriceChange, type PublishResult } from './publish'
export { simulationCsv, simulationCsvColumns } from './csv'
export { planPriceChange, simulatedDay, simulatedTerms, type PricePlan } from './plan'
export { priceChangeSchema, publishBody, simulateBody, type PriceChange } from './change'
