import type { Locale } from '../../locales'
import { plural } from '../../plural'
import type { PricingMessages } from './en'

export const pricingRu: PricingMessages = {
  button: 'Примерить новую цену',
  heading: ({ title }: { title: string }) => `Примерка новой цены: ${title}`,
  intro:
    'Реальное использование камер за закрытый месяц пересчитывается сборкой счетов по новым ценам. Ничего не сохраняется, пока вы не опубликуете изменение.',
  period: 'Пересчитываемый месяц',
  newPrice: 'Новая месячная цена за камеру',
  effectiveFrom: 'Действует с',
  services: 'Услуги с этого дня',
  threshold: 'Показать счета, пересекающие сумму',
  simulate: 'Рассчитать',
  simulating: 'Расчёт…',
  cancel: 'Отмена',
  downloadCsv: 'Скачать CSV',
  publish: 'Опубликовать',
  publishing: 'Публикация…',
  publishHeading: 'Опубликовать это изменение цен?',
  publishBody: ({ from }: { from: string }) =>
    `Новые цены станут действующими с ${from}, а изменение будет записано от вашего имени.`,
  published: 'Опубликовано: новые цены действуют с указанной даты.',
  needPrice: 'Новая месячная цена: укажите сумму или выберите другой набор услуг.',
  needServices: 'Услуги: выберите хотя бы одну услугу.',
  totalsHeading: 'Выручка по валютам',
  organizationsHeading: 'Изменение по организациям',
  crossingsHeading: 'Счета, пересекающие порог',
  noCrossings: 'Ни один счёт не пересекает порог.',
  noUsage: 'Ни у одной организации не было оплачиваемого времени камер в этом месяце.',
  columns: {
    organization: 'Организация',
    currency: 'Валюта',
    organizations: 'Организаций',
    before: 'До',
    after: 'После',
    delta: 'Изменение',
    percent: '%',
    direction: 'Направление',
  },
  up: 'вверх',
  down: 'вниз',
  shown: ({ shown, total, locale }: { shown: number; total: number; locale: Locale }) =>
    plural(locale, total, {
      one: `Показано ${shown} из ${total} организации; в CSV есть все.`,
      few: `Показано ${shown} из ${total} организаций; в CSV есть все.`,
      many: `Показано ${shown} из ${total} организаций; в CSV есть все.`,
      other: `Показано ${shown} из ${total} организации; в CSV есть все.`,
    }),
  failed: ({ count, locale }: { count: number; locale: Locale }) =>
    plural(locale, count, {
      one: `Не удалось рассчитать ${count} организацию (см. «failed» в ответе).`,
      few: `Не удалось рассчитать ${count} организации (см. «failed» в ответе).`,
      many: `Не удалось рассчитать ${count} организаций (см. «failed» в ответе).`,
      other: `Не удалось рассчитать ${count} организации (см. «failed» в ответе).`,
    }),
  adminOnlyPublish: 'Опубликовать изменение цен может только администратор.',
}
