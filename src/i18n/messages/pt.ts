import { plural } from '../plural'
import type { Messages } from './en'

export const pt: Messages = {
  documents: {
    from: 'Emitente',
    taxId: ({ taxId }) => `Identificação fiscal: ${taxId}`,
    customerNumber: ({ id }) => `Cliente n.º ${id}`,
    number: ({ number }) => `Número: ${number}`,
    issued: ({ day }) => `Emitida em: ${day}`,
  },
  invoicePdf: {
    title: 'FATURA',
    draftTitle: 'RASCUNHO DE FATURA',
    documentTitle: ({ number }) => (number ? `Fatura ${number}` : 'Fatura (rascunho)'),
    notIssued: 'não emitida',
    period: ({ period, from, to, timeZone }) =>
      `Período: ${period} (de ${from} a ${to}, ${timeZone})`,
    issuedAndDue: ({ issued, due }) => `Emitida em: ${issued}    Vencimento: ${due}`,
    void: 'CANCELADA',
    billTo: 'Cobrar de',
    columns: {
      description: 'Descrição',
      cameraDays: 'Câmera-dias',
      averageCameras: 'Câmeras (média)',
      unitPrice: 'Preço / câmera / mês',
      amount: 'Valor',
    },
    noUsage: 'Nenhum tempo de câmera faturável neste período.',
    subtotal: 'Subtotal',
    tax: ({ rate }) => `Imposto (${rate})`,
    total: ({ currency }) => `Total (${currency})`,
    howCalculated:
      'Os valores são por câmera e mês, proporcionais ao tempo de câmera: preço mensal × segundos de câmera / segundos do mês, arredondados para cima a partir da metade uma vez por linha.',
  },
  creditNotePdf: {
    title: 'NOTA DE CRÉDITO',
    documentTitle: ({ number }) => `Nota de crédito ${number}`,
    creditsInvoice: ({ invoice, total }) => `Credita a fatura: ${invoice} (total ${total})`,
    creditedTo: 'Creditado a',
    reason: 'Motivo',
    amount: ({ currency, amount }) => `Valor creditado (${currency}): ${amount}`,
    howApplied:
      'Este crédito reduz o valor devido na fatura; o que exceder o devido fica como crédito para as próximas faturas.',
  },
  counts: {
    cameras: ({ count }) =>
      plural('pt', count, { one: `${count} câmera`, other: `${count} câmeras` }),
    invoices: ({ count }) =>
      plural('pt', count, { one: `${count} fatura`, other: `${count} faturas` }),
  },
}
