import { plural } from '../plural'
import { portalEs } from './portal/es'
import { adminEs } from './admin/es'
import { drillDownEs } from './drillDown/es'
import { pricingEs } from './pricing/es'
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
  email: {
    yourOrganization: 'su organización',
    facts: {
      invoice: 'Factura',
      period: 'Periodo',
      amount: 'Importe',
      dueDate: 'Vencimiento',
      daysOverdue: 'Días de retraso',
      outstanding: 'Pendiente',
      date: 'Fecha',
      reference: 'Referencia',
      invoicesPaid: 'Facturas pagadas',
      creditRemaining: 'Saldo a favor',
      suspendedSince: 'Suspendido desde',
      restoredOn: 'Restablecido el',
      creditNote: 'Nota de crédito',
      forInvoice: 'De la factura',
      reason: 'Motivo',
    },
    invoiceIssued: {
      subject: ({ number, org }) =>
        number ? `Factura ${number} para ${org}` : `Factura para ${org}`,
      body: ({ org }) => `Se ha emitido una nueva factura para ${org}.`,
      closing: 'La factura va adjunta en PDF. Le rogamos que la pague antes del vencimiento.',
    },
    paymentReceived: {
      subject: ({ amount, org }) =>
        amount ? `Pago recibido: ${amount} de ${org}` : `Pago recibido de ${org}`,
      body: ({ org }) => `Gracias: hemos recibido un pago de ${org}.`,
    },
    reminder: {
      subject: ({ number, org }) =>
        number
          ? `Recordatorio: la factura ${number} de ${org} está vencida`
          : `Recordatorio: una factura de ${org} está vencida`,
      body: ({ org }) =>
        `Según nuestros registros, una factura de ${org} ha superado su fecha de vencimiento. Si ya la ha pagado, gracias, y no tenga en cuenta este recordatorio.`,
      closing: 'Le rogamos que pague el importe pendiente lo antes posible.',
    },
    warning: {
      subject: ({ org }) =>
        `Aviso: el servicio de ${org} se suspenderá si no se paga la factura vencida`,
      body: ({ org }) => `Una factura de ${org} sigue sin pagarse mucho después de su vencimiento.`,
      suspension: ({ day }) =>
        day
          ? `Si sigue sin pagarse, el acceso al vídeo se suspenderá el ${day}.`
          : 'Si sigue sin pagarse, el acceso al vídeo se suspenderá.',
      closing: 'Le rogamos que pague ahora el importe pendiente para mantener el servicio.',
    },
    suspended: {
      subject: ({ org }) => `Servicio suspendido para ${org}`,
      body: ({ org, recordingStopped }) =>
        recordingStopped
          ? `Por facturas impagadas, el servicio de ${org} está suspendido: sus usuarios no pueden ver vídeo y las cámaras han dejado de grabar.`
          : `Por facturas impagadas, el servicio de ${org} está suspendido: sus usuarios no pueden ver vídeo; las cámaras siguen grabando.`,
      closing:
        'El servicio se restablece automáticamente minutos después de un pago que salde el importe vencido.',
    },
    restored: {
      subject: ({ org }) => `Servicio restablecido para ${org}`,
      body: ({ org }) =>
        `Gracias por su pago: el servicio de ${org} está completamente restablecido.`,
    },
    creditNoteIssued: {
      subject: ({ number, org }) =>
        number ? `Nota de crédito ${number} para ${org}` : `Nota de crédito para ${org}`,
      body: ({ org }) => `Se ha emitido una nota de crédito para ${org}.`,
      closing: 'El importe se ha abonado en su cuenta.',
    },
  },
  validation: {
    wholeDays: 'Debe ser un número entero de días.',
    daysRange: ({ max }) => `Debe estar entre 0 y ${max} días.`,
    dunningOrder: ({ stage, days, earlier, earlierDays }) => {
      const inDays = (count: number) =>
        plural('es', count, { one: `${count} día`, other: `${count} días` })
      return `La etapa «${stage}» (${inDays(days)} después del vencimiento) debe llegar después de la etapa «${earlier}» (${inDays(earlierDays)}).`
    },
    emptyTakesGlobal: 'Los campos vacíos toman la política general.',
    loginRequired: 'El usuario es obligatorio.',
    loginTooLong: 'El usuario tiene como máximo 64 caracteres.',
    loginCharacters:
      'El usuario solo puede contener letras, dígitos y . _ - @ (Watcher no acepta otra cosa).',
    membershipWithoutOrganization: 'Cada membresía necesita una organización.',
    membershipTwice: 'Una organización aparece dos veces en las membresías.',
    noOrganization: ({ ids }) => `No hay ninguna organización con id ${ids}.`,
    noUser: ({ ids }) => `No hay ningún usuario con id ${ids}.`,
    noSubscription: ({ ids }) => `No hay ninguna suscripción con id ${ids}.`,
    parentNotAnId: 'La organización superior debe ser un id de organización.',
    ownParent: 'Una organización no puede ser su propia organización superior.',
    parentCycle: 'Esta organización superior crearía un ciclo: es una filial de esta organización.',
    hierarchyTooDeep: 'La jerarquía es demasiado profunda (más de 64 niveles).',
    payerValue: 'El pagador debe ser "self" o "parent".',
    payerNeedsParent:
      'El pagador "parent" necesita una organización superior: elija una o ponga el pagador en "self".',
    defaultNotAvailable:
      'La suscripción predeterminada debe estar entre las suscripciones disponibles.',
    unknownTimeZone: ({ value }) =>
      `Zona horaria desconocida "${value}": use un nombre IANA como UTC o Europe/Madrid.`,
    currencyRequired: 'La moneda es obligatoria.',
    unknownCurrency: ({ value }) =>
      `Moneda desconocida "${value}": use un código ISO 4217 como EUR, USD o MXN.`,
    fieldRequired: 'Este campo es obligatorio.',
    wholeNumber: 'Debe ser un número entero.',
    atLeast: ({ min }) => `Debe ser como mínimo ${min}.`,
    between: ({ min, max }) => `Debe estar entre ${min} y ${max}.`,
    amountRequired: 'El importe es obligatorio, en unidades menores (p. ej. 1999 para 19,99 USD).',
    amountNotANumber: 'El importe debe ser un número de unidades menores.',
    amountNotWhole:
      'El importe debe ser un número entero de unidades menores (p. ej. 1999 para 19,99 USD), sin fracciones.',
    amountAtLeast: ({ min }) => `El importe debe ser como mínimo ${min}.`,
    analyticsNeedsAlgorithm:
      'Un servicio de analítica necesita su algoritmo: reconocimiento facial o de matrículas.',
    chooseService: 'Elija al menos un servicio.',
    noService: ({ ids }) => `No hay ningún servicio con id ${ids}.`,
    oneAnalytics: ({ found }) =>
      `Una suscripción puede tener como máximo un algoritmo de analítica (Watcher ejecuta uno por preset); hay ${found}.`,
    oneServicePerKind: ({ kind, titles }) =>
      `Solo un servicio de tipo «${kind}» por suscripción: ${titles}.`,
    serviceCurrency: ({ service, serviceCurrency, currency }) =>
      `El servicio "${service}" tiene precio en ${serviceCurrency} y la suscripción en ${currency}: los servicios de una suscripción comparten su moneda.`,
    subscriptionUsesService: ({ subscription, currency }) =>
      `La suscripción "${subscription}" usa este servicio en ${currency}: cambie primero su moneda.`,
    pricesRequired: 'Una suscripción necesita al menos un precio mensual por cámara.',
    pricesSameDate: 'Dos precios empiezan en la misma fecha: deje un solo precio por fecha.',
    periodFormat: 'El periodo es un mes escrito AAAA-MM, p. ej. 2026-10.',
  },
  counts: {
    cameras: ({ count }) =>
      plural('es', count, { one: `${count} cámara`, other: `${count} cámaras` }),
    invoices: ({ count }) =>
      plural('es', count, { one: `${count} factura`, other: `${count} facturas` }),
  },
  portal: portalEs,
  admin: adminEs,
  drillDown: drillDownEs,
  pricing: pricingEs,
}
