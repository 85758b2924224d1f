import { plural } from '../plural'
import type { Messages } from './en'

export const ru: Messages = {
  documents: {
    from: 'Поставщик',
    taxId: ({ taxId }) => `Налоговый номер: ${taxId}`,
    customerNumber: ({ id }) => `Номер клиента: ${id}`,
    number: ({ number }) => `Номер: ${number}`,
    issued: ({ day }) => `Дата выставления: ${day}`,
  },
  invoicePdf: {
    title: 'СЧЁТ',
    draftTitle: 'ЧЕРНОВИК СЧЁТА',
    documentTitle: ({ number }) => (number ? `Счёт ${number}` : 'Счёт (черновик)'),
    notIssued: 'не выставлен',
    period: ({ period, from, to, timeZone }) =>
      `Период: ${period} (с ${from} по ${to}, ${timeZone})`,
    issuedAndDue: ({ issued, due }) => `Выставлен: ${issued}    Оплатить до: ${due}`,
    void: 'АННУЛИРОВАН',
    billTo: 'Плательщик',
    columns: {
      description: 'Описание',
      cameraDays: 'Камеро-дни',
      averageCameras: 'Камер в среднем',
      unitPrice: 'Цена за камеру в месяц',
      amount: 'Сумма',
    },
    noUsage: 'В этом периоде нет оплачиваемого времени камер.',
    subtotal: 'Итого без налога',
    tax: ({ rate }) => `Налог (${rate})`,
    total: ({ currency }) => `Итого (${currency})`,
    howCalculated:
      'Суммы указаны за камеру в месяц пропорционально времени работы камер: месячная цена × камеро-секунды / секунды в месяце, с округлением половины вверх один раз на строку.',
  },
  creditNotePdf: {
    title: 'КОРРЕКТИРОВОЧНЫЙ СЧЁТ',
    documentTitle: ({ number }) => `Корректировочный счёт ${number}`,
    creditsInvoice: ({ invoice, total }) => `К счёту: ${invoice} (сумма ${total})`,
    creditedTo: 'Получатель',
    reason: 'Основание',
    amount: ({ currency, amount }) => `Сумма к зачёту (${currency}): ${amount}`,
    howApplied:
      'Эта сумма уменьшает долг по счёту; всё, что превышает долг, остаётся на балансе в счёт следующих счетов.',
  },
  counts: {
    cameras: ({ count }) =>
      plural('ru', count, {
        one: `${count} камера`,
        few: `${count} камеры`,
        many: `${count} камер`,
        other: `${count} камеры`,
      }),
    invoices: ({ count }) =>
      plural('ru', count, {
        one: `${count} счёт`,
        few: `${count} счёта`,
        many: `${count} счетов`,
        other: `${count} счёта`,
      }),
  },
}
