import type { PortalMessages } from './en'

export const portalRu: PortalMessages = {}
