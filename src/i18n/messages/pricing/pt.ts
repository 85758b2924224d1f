import type { Locale } from '../../locales'
import { plural } from '../../plural'
import type { PricingMessages } from './en'

export const pricingPt: PricingMessages = {
  button: 'Testar uma mudança de preço',
  heading: ({ title }: { title: string }) => `Testar uma mudança de preço: ${title}`,
  intro:
    'O uso real de câmeras de um mês fechado é recalculado com os novos preços pela mesma montagem de faturas. Nada é salvo até você publicar a mudança.',
  period: 'Mês a recalcular',
  newPrice: 'Novo preço mensal por câmera',
  effectiveFrom: 'Em vigor a partir de',
  services: 'Serviços a partir desse dia',
  threshold: 'Destacar faturas que cruzem',
  simulate: 'Simular',
  simulating: 'Simulando…',
  cancel: 'Cancelar',
  downloadCsv: 'Baixar CSV',
  publish: 'Publicar',
  publishing: 'Publicando…',
  publishHeading: 'Publicar esta mudança de preços?',
  publishBody: ({ from }: { from: string }) =>
    `Os novos preços passam a valer a partir de ${from}, e a mudança fica registrada em seu nome.`,
  published: 'Publicado: os novos preços valem a partir da data indicada.',
  needPrice: 'Novo preço mensal: informe um valor ou escolha outro conjunto de serviços.',
  needServices: 'Serviços: escolha pelo menos um serviço.',
  totalsHeading: 'Receita por moeda',
  organizationsHeading: 'Mudança por organização',
  crossingsHeading: 'Faturas que cruzam o limite',
  noCrossings: 'Nenhuma fatura cruza o limite.',
  noUsage: 'Nenhuma organização teve tempo de câmera faturável nesse mês.',
  columns: {
    organization: 'Organização',
    currency: 'Moeda',
    organizations: 'Organizações',
    before: 'Antes',
    after: 'Depois',
    delta: 'Variação',
    percent: '%',
    direction: 'Sentido',
  },
  up: 'sobe',
  down: 'desce',
  shown: ({ shown, total, locale }: { shown: number; total: number; locale: Locale }) =>
    plural(locale, total, {
      one: `Mostrando ${shown} de ${total} organização; o CSV traz todas.`,
      other: `Mostrando ${shown} de ${total} organizações; o CSV traz todas.`,
    }),
  failed: ({ count, locale }: { count: number; locale: Locale }) =>
    plural(locale, count, {
      one: `Não foi possível calcular ${count} organização (veja "failed" na resposta).`,
      other: `Não foi possível calcular ${count} organizações (veja "failed" na resposta).`,
    }),
  adminOnlyPublish: 'Só um administrador pode publicar uma mudança de preços.',
}
