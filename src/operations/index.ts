export { operationsPlugin } from './plugin'
