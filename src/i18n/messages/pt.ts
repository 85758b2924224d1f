import { plural } from '../plural'
import { portalPt } from './portal/pt'
import { adminPt } from './admin/pt'
import { drillDownPt } from './drillDown/pt'
import { pricingPt } from './pricing/pt'
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
      averageCameras: 'Câmeras (méd.)',
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
  email: {
    yourOrganization: 'sua organização',
    facts: {
      invoice: 'Fatura',
      period: 'Período',
      amount: 'Valor',
      dueDate: 'Vencimento',
      daysOverdue: 'Dias em atraso',
      outstanding: 'Em aberto',
      date: 'Data',
      reference: 'Referência',
      invoicesPaid: 'Faturas pagas',
      creditRemaining: 'Crédito restante',
      suspendedSince: 'Suspenso desde',
      restoredOn: 'Restabelecido em',
      creditNote: 'Nota de crédito',
      forInvoice: 'Da fatura',
      reason: 'Motivo',
    },
    invoiceIssued: {
      subject: ({ number, org }) =>
        number ? `Fatura ${number} para ${org}` : `Fatura para ${org}`,
      body: ({ org }) => `Uma nova fatura foi emitida para ${org}.`,
      closing: 'A fatura está anexada em PDF. Por favor, pague até o vencimento.',
    },
    paymentReceived: {
      subject: ({ amount, org }) =>
        amount ? `Pagamento recebido: ${amount} de ${org}` : `Pagamento recebido de ${org}`,
      body: ({ org }) => `Obrigado: recebemos um pagamento de ${org}.`,
    },
    reminder: {
      subject: ({ number, org }) =>
        number
          ? `Lembrete: a fatura ${number} de ${org} está vencida`
          : `Lembrete: uma fatura de ${org} está vencida`,
      body: ({ org }) =>
        `Nossos registros mostram que uma fatura de ${org} passou do vencimento. Se você já pagou, obrigado, e desconsidere este lembrete.`,
      closing: 'Por favor, pague o valor em aberto assim que possível.',
    },
    warning: {
      subject: ({ org }) =>
        `Aviso: o serviço de ${org} será suspenso se a fatura vencida não for paga`,
      body: ({ org }) => `Uma fatura de ${org} continua em aberto muito depois do vencimento.`,
      suspension: ({ day }) =>
        day
          ? `Se continuar em aberto, o acesso ao vídeo será suspenso em ${day}.`
          : 'Se continuar em aberto, o acesso ao vídeo será suspenso.',
      closing: 'Por favor, pague o valor em aberto agora para manter o serviço.',
    },
    suspended: {
      subject: ({ org }) => `Serviço suspenso para ${org}`,
      body: ({ org, recordingStopped }) =>
        recordingStopped
          ? `Por faturas em aberto, o serviço de ${org} está suspenso: seus usuários não podem ver vídeo e as câmeras pararam de gravar.`
          : `Por faturas em aberto, o serviço de ${org} está suspenso: seus usuários não podem ver vídeo; as câmeras continuam gravando.`,
      closing:
        'O serviço é restabelecido automaticamente minutos depois de um pagamento que quite o valor vencido.',
    },
    restored: {
      subject: ({ org }) => `Serviço restabelecido para ${org}`,
      body: ({ org }) =>
        `Obrigado pelo pagamento: o serviço de ${org} está totalmente restabelecido.`,
    },
    creditNoteIssued: {
      subject: ({ number, org }) =>
        number ? `Nota de crédito ${number} para ${org}` : `Nota de crédito para ${org}`,
      body: ({ org }) => `Uma nota de crédito foi emitida para ${org}.`,
      closing: 'O valor foi creditado na sua conta.',
    },
  },
  validation: {
    wholeDays: 'Deve ser um número inteiro de dias.',
    daysRange: ({ max }) => `Deve estar entre 0 e ${max} dias.`,
    dunningOrder: ({ stage, days, earlier, earlierDays }) => {
      const inDays = (count: number) =>
        plural('pt', count, { one: `${count} dia`, other: `${count} dias` })
      return `A etapa «${stage}» (${inDays(days)} após o vencimento) deve vir depois da etapa «${earlier}» (${inDays(earlierDays)}).`
    },
    emptyTakesGlobal: 'Os campos vazios seguem a política geral.',
    loginRequired: 'O login é obrigatório.',
    loginTooLong: 'O login tem no máximo 64 caracteres.',
    loginCharacters:
      'O login só pode conter letras, dígitos e . _ - @ (o Watcher não aceita outra coisa).',
    membershipWithoutOrganization: 'Cada vínculo precisa de uma organização.',
    membershipTwice: 'Uma organização aparece duas vezes nos vínculos.',
    noOrganization: ({ ids }) => `Nenhuma organização com id ${ids}.`,
    noUser: ({ ids }) => `Nenhum usuário com id ${ids}.`,
    noSubscription: ({ ids }) => `Nenhuma assinatura com id ${ids}.`,
    parentNotAnId: 'A organização superior deve ser um id de organização.',
    ownParent: 'Uma organização não pode ser a sua própria organização superior.',
    parentCycle:
      'Esta organização superior criaria um ciclo: ela é uma subsidiária desta organização.',
    hierarchyTooDeep: 'A hierarquia é profunda demais (mais de 64 níveis).',
    payerValue: 'O pagador deve ser "self" ou "parent".',
    payerNeedsParent:
      'O pagador "parent" precisa de uma organização superior: escolha uma ou defina o pagador como "self".',
    defaultNotAvailable: 'A assinatura padrão deve ser uma das assinaturas disponíveis.',
    unknownTimeZone: ({ value }) =>
      `Fuso horário desconhecido "${value}": use um nome IANA como UTC ou America/Sao_Paulo.`,
    currencyRequired: 'A moeda é obrigatória.',
    unknownCurrency: ({ value }) =>
      `Moeda desconhecida "${value}": use um código ISO 4217 como BRL, USD ou EUR.`,
    fieldRequired: 'Este campo é obrigatório.',
    wholeNumber: 'Deve ser um número inteiro.',
    atLeast: ({ min }) => `Deve ser no mínimo ${min}.`,
    between: ({ min, max }) => `Deve estar entre ${min} e ${max}.`,
    amountRequired: 'O valor é obrigatório, em unidades menores (p. ex. 1999 para 19,99 USD).',
    amountNotANumber: 'O valor deve ser um número de unidades menores.',
    amountNotWhole:
      'O valor deve ser um número inteiro de unidades menores (p. ex. 1999 para 19,99 USD), sem frações.',
    amountAtLeast: ({ min }) => `O valor deve ser no mínimo ${min}.`,
    analyticsNeedsAlgorithm:
      'Um serviço de análise de vídeo precisa do seu algoritmo: reconhecimento facial ou de placas.',
    chooseService: 'Escolha pelo menos um serviço.',
    noService: ({ ids }) => `Não há serviço com id ${ids}.`,
    oneAnalytics: ({ found }) =>
      `Uma assinatura pode ter no máximo um algoritmo de análise (o Watcher executa um por preset); há ${found}.`,
    oneServicePerKind: ({ kind, titles }) =>
      `Só um serviço do tipo «${kind}» por assinatura: ${titles}.`,
    serviceCurrency: ({ service, serviceCurrency, currency }) =>
      `O serviço "${service}" tem preço em ${serviceCurrency} e a assinatura em ${currency}: os serviços de uma assinatura usam a moeda dela.`,
    subscriptionUsesService: ({ subscription, currency }) =>
      `A assinatura "${subscription}" usa este serviço em ${currency}: mude a moeda dela primeiro.`,
    pricesRequired: 'Uma assinatura precisa de pelo menos um preço mensal por câmera.',
    pricesSameDate: 'Dois preços começam na mesma data: mantenha um preço por data.',
    periodFormat: 'O período é um mês escrito AAAA-MM, p. ex. 2026-10.',
  },
  counts: {
    cameras: ({ count }) =>
      plural('pt', count, { one: `${count} câmera`, other: `${count} câmeras` }),
    invoices: ({ count }) =>
      plural('pt', count, { one: `${count} fatura`, other: `${count} faturas` }),
  },
  portal: portalPt,
  admin: adminPt,
  drillDown: drillDownPt,
  pricing: pricingPt,
}
