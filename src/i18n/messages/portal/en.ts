/**
 * The portal section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with PortalMessages.
 */
export const portalEn = {}

export type PortalMessages = typeof portalEn
