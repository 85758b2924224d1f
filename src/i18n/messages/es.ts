import { plural } from '../plural'
import type { Messages } from './en'

export const es: Messages = {
  documents: {
    from: 'Emisor',
    taxId: ({ taxId }) => `Identificación fiscal: ${taxId}`,
    customerNumber: ({ id }) => `N.º de cliente: ${id}`,
    number: ({ number }) => `Número: ${number}`,
    issued: ({ day }) => `Emitida: ${day}`,
  },
  invoicePdf: {
    title: 'FACTURA',
    draftTitle: 'BORRADOR DE FACTURA',
    documentTitle: ({ number }) => (number ? `Factura ${number}` : 'Factura (borrador)'),
    notIssued: 'no emitida',
    period: ({ period, from, to, timeZone }) =>
      `Periodo: ${period} (del ${from} al ${to}, ${timeZone})`,
    issuedAndDue: ({ issued, due }) => `Emitida: ${issued}    Vence: ${due}`,
    void: 'ANULADA',
    billTo: 'Facturar a',
    columns: {
      description: 'Descripción',
      cameraDays: 'Cámara-días',
      averageCameras: 'Cámaras prom.',
      unitPrice: 'Precio / cámara / mes',
      amount: 'Importe',
    },
    noUsage: 'No hay tiempo de cámara facturable en este periodo.',
    subtotal: 'Subtotal',
    tax: ({ rate }) => `Impuesto (${rate})`,
    total: ({ currency }) => `Total (${currency})`,
    howCalculated:
      'Los importes son por cámara y mes, prorrateados por tiempo de cámara: precio mensual × segundos de cámara / segundos del mes, redondeados hacia arriba desde la mitad una vez por línea.',
  },
  creditNotePdf: {
    title: 'NOTA DE CRÉDITO',
    documentTitle: ({ number }) => `Nota de crédito ${number}`,
    creditsInvoice: ({ invoice, total }) => `Abona la factura: ${invoice} (total ${total})`,
    creditedTo: 'Abonado a',
    reason: 'Motivo',
    amount: ({ currency, amount }) => `Importe abonado (${currency}): ${amount}`,
    howApplied:
      'Este abono reduce lo adeudado en la factura; lo que exceda la deuda queda como saldo a favor para las próximas facturas.',
  },
  counts: {
    cameras: ({ count }) =>
      plural('es', count, { one: `${count} cámara`, other: `${count} cámaras` }),
    invoices: ({ count }) =>
      plural('es', count, { one: `${count} factura`, other: `${count} facturas` }),
  },
}
