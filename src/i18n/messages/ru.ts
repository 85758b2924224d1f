import { plural } from '../plural'
import { portalRu } from './portal/ru'
import { adminRu } from './admin/ru'
import { drillDownRu } from './drillDown/ru'
import { pricingRu } from './pricing/ru'
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
      averageCameras: 'Камер (ср.)',
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
  email: {
    yourOrganization: 'вашей организации',
    facts: {
      invoice: 'Счёт',
      period: 'Период',
      amount: 'Сумма',
      dueDate: 'Оплатить до',
      daysOverdue: 'Дней просрочки',
      outstanding: 'К оплате',
      date: 'Дата',
      reference: 'Основание платежа',
      invoicesPaid: 'Оплаченные счета',
      creditRemaining: 'Остаток на балансе',
      suspendedSince: 'Приостановлено с',
      restoredOn: 'Восстановлено',
      creditNote: 'Корректировочный счёт',
      forInvoice: 'К счёту',
      reason: 'Основание',
    },
    invoiceIssued: {
      subject: ({ number, org }) => (number ? `Счёт ${number} для ${org}` : `Счёт для ${org}`),
      body: ({ org }) => `Выставлен новый счёт для ${org}.`,
      closing: 'Счёт приложен в формате PDF. Пожалуйста, оплатите его до указанного срока.',
    },
    paymentReceived: {
      subject: ({ amount, org }) =>
        amount ? `Получен платёж ${amount} от ${org}` : `Получен платёж от ${org}`,
      body: ({ org }) => `Спасибо! Мы получили платёж от ${org}.`,
    },
    reminder: {
      subject: ({ number, org }) =>
        number
          ? `Напоминание: счёт ${number} для ${org} просрочен`
          : `Напоминание: счёт для ${org} просрочен`,
      body: ({ org }) =>
        `По нашим данным, срок оплаты счёта для ${org} истёк. Если вы уже оплатили его, спасибо, и не обращайте внимания на это напоминание.`,
      closing: 'Пожалуйста, оплатите задолженность при первой возможности.',
    },
    warning: {
      subject: ({ org }) =>
        `Предупреждение: обслуживание ${org} будет приостановлено, если просроченный счёт не будет оплачен`,
      body: ({ org }) => `Счёт для ${org} не оплачен, хотя срок оплаты давно истёк.`,
      suspension: ({ day }) =>
        day
          ? `Если он останется неоплаченным, доступ к видео будет приостановлен ${day}.`
          : 'Если он останется неоплаченным, доступ к видео будет приостановлен.',
      closing: 'Пожалуйста, оплатите задолженность сейчас, чтобы обслуживание не прерывалось.',
    },
    suspended: {
      subject: ({ org }) => `Обслуживание ${org} приостановлено`,
      body: ({ org, recordingStopped }) =>
        recordingStopped
          ? `Из-за неоплаченных счетов обслуживание ${org} приостановлено: пользователи не могут смотреть видео, камеры остановили запись.`
          : `Из-за неоплаченных счетов обслуживание ${org} приостановлено: пользователи не могут смотреть видео; камеры продолжают запись.`,
      closing:
        'Обслуживание восстановится автоматически в течение нескольких минут после оплаты задолженности.',
    },
    restored: {
      subject: ({ org }) => `Обслуживание ${org} восстановлено`,
      body: ({ org }) => `Спасибо за оплату: обслуживание ${org} полностью восстановлено.`,
    },
    creditNoteIssued: {
      subject: ({ number, org }) =>
        number ? `Корректировочный счёт ${number} для ${org}` : `Корректировочный счёт для ${org}`,
      body: ({ org }) => `Для ${org} выставлен корректировочный счёт.`,
      closing: 'Сумма зачислена на ваш баланс.',
    },
  },
  validation: {
    wholeDays: 'Нужно целое число дней.',
    daysRange: ({ max }) => `Нужно от 0 до ${max} дней.`,
    dunningOrder: ({ stage, days, earlier, earlierDays }) => {
      const inDays = (count: number) =>
        plural('ru', count, {
          one: `через ${count} день`,
          few: `через ${count} дня`,
          many: `через ${count} дней`,
          other: `через ${count} дня`,
        })
      return `Этап «${stage}» (${inDays(days)} после срока оплаты) должен наступать позже этапа «${earlier}» (${inDays(earlierDays)}).`
    },
    emptyTakesGlobal: 'Незаполненные поля берутся из общих правил.',
    loginRequired: 'Укажите логин.',
    loginTooLong: 'Логин не длиннее 64 символов.',
    loginCharacters:
      'Логин может содержать только латинские буквы, цифры и . _ - @ (другого Watcher не принимает).',
    membershipWithoutOrganization: 'Для каждого членства нужна организация.',
    membershipTwice: 'Организация указана в членствах дважды.',
    noOrganization: ({ ids }) => `Нет организации с id ${ids}.`,
    noUser: ({ ids }) => `Нет пользователя с id ${ids}.`,
    noSubscription: ({ ids }) => `Нет подписки с id ${ids}.`,
    parentNotAnId: 'Родитель должен быть id организации.',
    ownParent: 'Организация не может быть родителем самой себе.',
    parentCycle:
      'Такой родитель создаст цикл: выбранный родитель — дочерняя организация этой организации.',
    hierarchyTooDeep: 'Иерархия слишком глубокая (больше 64 уровней).',
    payerValue: 'Плательщик — "self" или "parent".',
    payerNeedsParent:
      'Плательщику "parent" нужна родительская организация: выберите родителя или укажите плательщика "self".',
    defaultNotAvailable: 'Подписка по умолчанию должна быть одной из доступных подписок.',
    unknownTimeZone: ({ value }) =>
      `Неизвестный часовой пояс "${value}": укажите имя IANA, например UTC или Europe/Moscow.`,
    currencyRequired: 'Укажите валюту.',
    unknownCurrency: ({ value }) =>
      `Неизвестная валюта "${value}": укажите код ISO 4217, например RUB, USD или EUR.`,
    fieldRequired: 'Это поле обязательно.',
    wholeNumber: 'Нужно целое число.',
    atLeast: ({ min }) => `Значение должно быть не меньше ${min}.`,
    between: ({ min, max }) => `Значение должно быть от ${min} до ${max}.`,
    amountRequired: 'Укажите сумму в минимальных единицах валюты (например, 1999 для 19,99 USD).',
    amountNotANumber: 'Сумма должна быть числом минимальных единиц валюты.',
    amountNotWhole:
      'Сумма должна быть целым числом минимальных единиц валюты (например, 1999 для 19,99 USD), без дробной части.',
    amountAtLeast: ({ min }) => `Сумма должна быть не меньше ${min}.`,
    analyticsNeedsAlgorithm:
      'Для услуги видеоаналитики выберите алгоритм: распознавание лиц или номеров.',
    chooseService: 'Выберите хотя бы одну услугу.',
    noService: ({ ids }) => `Нет услуги с id ${ids}.`,
    oneAnalytics: ({ found }) =>
      `В подписке может быть не больше одного алгоритма видеоаналитики (Watcher запускает один на пресет); выбраны: ${found}.`,
    oneServicePerKind: ({ kind, titles }) =>
      `В подписке может быть только одна услуга вида «${kind}»: ${titles}.`,
    serviceCurrency: ({ service, serviceCurrency, currency }) =>
      `Услуга "${service}" оценена в ${serviceCurrency}, а подписка — в ${currency}: все услуги подписки должны быть в её валюте.`,
    subscriptionUsesService: ({ subscription, currency }) =>
      `Подписка "${subscription}" использует эту услугу в валюте ${currency}: сначала измените валюту подписки.`,
    pricesRequired: 'В подписке нужна хотя бы одна цена за камеру в месяц.',
    pricesSameDate: 'Две цены начинают действовать в один день: оставьте одну цену на дату.',
    periodFormat: 'Период — это месяц в виде ГГГГ-ММ, например 2026-10.',
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
  portal: portalRu,
  admin: adminRu,
  drillDown: drillDownRu,
  pricing: pricingRu,
}
