import type { PortalMessages } from './en'

export const portalEs: PortalMessages = {}
