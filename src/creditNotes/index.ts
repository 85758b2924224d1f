/** Credit notes: the credit-notes collection's hooks (numbering, crediting, PDF) and its PDF endpoint. */
export { creditAndRecord, numberAndCheck } from './hooks'
export { creditNoteEndpoints } from './endpoints'
