import type { PortalMessages } from './en'

export const portalPt: PortalMessages = {}
