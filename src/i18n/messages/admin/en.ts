/**
 * The admin section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with AdminMessages.
 */
export const adminEn = {}

export type AdminMessages = typeof adminEn
