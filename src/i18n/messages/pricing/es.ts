import type { Locale } from '../../locales'
import { plural } from '../../plural'
import type { PricingMessages } from './en'

export const pricingEs: PricingMessages = {
  button: 'Probar un cambio de precio',
  heading: ({ title }: { title: string }) => `Probar un cambio de precio: ${title}`,
  intro:
    'El uso real de cámaras de un mes cerrado se vuelve a tarifar con los nuevos precios mediante el mismo cálculo de facturas. No se guarda nada hasta que publique el cambio.',
  period: 'Mes que se recalcula',
  newPrice: 'Nuevo precio mensual por cámara',
  effectiveFrom: 'Vigente desde',
  services: 'Servicios desde ese día',
  threshold: 'Señalar facturas que crucen',
  simulate: 'Simular',
  simulating: 'Simulando…',
  cancel: 'Cancelar',
  downloadCsv: 'Descargar CSV',
  publish: 'Publicar',
  publishing: 'Publicando…',
  publishHeading: '¿Publicar este cambio de precios?',
  publishBody: ({ from }: { from: string }) =>
    `Los nuevos precios pasan a ser los precios reales desde el ${from} y el cambio queda registrado a su nombre.`,
  published: 'Publicado: los nuevos precios rigen desde su fecha.',
  needPrice: 'Nuevo precio mensual: indique un importe o elija otro conjunto de servicios.',
  needServices: 'Servicios: elija al menos un servicio.',
  totalsHeading: 'Ingresos por moneda',
  organizationsHeading: 'Cambio por organización',
  crossingsHeading: 'Facturas que cruzan el umbral',
  noCrossings: 'Ninguna factura cruza el umbral.',
  noUsage: 'Ninguna organización tuvo tiempo de cámara facturable ese mes.',
  columns: {
    organization: 'Organización',
    currency: 'Moneda',
    organizations: 'Organizaciones',
    before: 'Antes',
    after: 'Después',
    delta: 'Cambio',
    percent: '%',
    direction: 'Sentido',
  },
  up: 'sube',
  down: 'baja',
  shown: ({ shown, total, locale }: { shown: number; total: number; locale: Locale }) =>
    plural(locale, total, {
      one: `Se muestra ${shown} de ${total} organización; el CSV las incluye todas.`,
      other: `Se muestran ${shown} de ${total} organizaciones; el CSV las incluye todas.`,
    }),
  failed: ({ count, locale }: { count: number; locale: Locale }) =>
    plural(locale, count, {
      one: `No se pudo tarifar ${count} organización (vea «failed» en la respuesta).`,
      other: `No se pudieron tarifar ${count} organizaciones (vea «failed» en la respuesta).`,
    }),
  adminOnlyPublish: 'Solo un administrador puede publicar un cambio de precios.',
}
