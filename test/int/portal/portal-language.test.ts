/**
 * The portal in the subscriber's language (issue 16): its pages' parts rendered as the members of
 * a Russian-speaking organization and as a Portuguese-speaking user read Russian and Portuguese,
 * money and days written their way; a server action's validation error comes in Russian and
 * names its field.
 */
import {
  cloneElement,
  createElement,
  isValidElement,
  type ReactElement,
  type ReactNode,
} from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { messages } from '../../../src/i18n'
import type { Invoice, User } from '../../../src/payload-types'
import {
  Dashboard,
  InvoiceLines,
  InvoiceSummary,
  portalLocale,
  readableOrganizations,
} from '../../../src/portal'
import { addMemberAction } from '../../../src/portal/memberActions'
import { resetPasswordAction } from '../../../src/portal/passwordActions'
import { testPayload } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'

// what next/headers answers the server actions: the request of the signed-in browser
const request = vi.hoisted(() => ({ headers: new Headers() }))
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}))

const tag = `pl-${Date.now().toString(36)}`
let payload: Payload
let russianAdmin: User
let portugueseUser: User
let invoice: Invoice
let russianOrganizationId: number

/**
 * Renders server components the way the page does: async components are awaited, then the
 * resolved tree goes through react-dom's static renderer.
 */
async function resolve(node: ReactNode): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map(resolve))
  if (!isValidElement(node)) return node
  const element = node as ReactElement<{ children?: ReactNode }>
  if (typeof element.type === 'function') {
    const render = element.type as (props: unknown) => ReactNode | Promise<ReactNode>
    return resolve(await render(element.props))
  }
  if (element.props.children === undefined) return element
  const children = await resolve(element.props.children)
  // as separate arguments, as JSX passes them (an array would ask for keys)
  return cloneElement(element, undefined, ...(Array.isArray(children) ? children : [children]))
}

async function html(node: ReactNode): Promise<string> {
  return renderToStaticMarkup(await resolve(node))
}

/** Visible text of rendered HTML, tags dropped and entities of the test's texts undone. */
const textOf = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t\n]+/g, ' ')

const NBSP = '\u00a0'

beforeAll(async () => {
  payload = await testPayload()
  const create = payload.create.bind(payload) as unknown as (args: {
    collection: 'services' | 'subscriptions' | 'organizations' | 'invoices' | 'users'
    data: Record<string, unknown>
  }) => Promise<{ id: number } & Record<string, unknown>>

  const rubService = await create({
    collection: 'services',
    data: {
      title: `Архив 30 дней ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 30,
      price: 123456,
      currency: 'RUB',
    },
  })
  const rubPlan = await create({
    collection: 'subscriptions',
    data: { title: `Бизнес ${tag}`, currency: 'RUB', services: [rubService.id] },
  })
  const brlService = await create({
    collection: 'services',
    data: {
      title: `Arquivo 7 ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 123456,
      currency: 'BRL',
    },
  })
  const brlPlan = await create({
    collection: 'subscriptions',
    data: { title: `Básico ${tag}`, currency: 'BRL', services: [brlService.id] },
  })

  // the administrator chose no language of its own: it reads its organization's, Russian
  const administrator = await create({
    collection: 'users',
    data: {
      login: `romashka-${tag}`,
      email: `romashka-${tag}@example.test`,
      name: 'Ольга Ромашкина',
      password: PASSWORD,
      role: 'subscriber',
    },
  })
  const russian = await create({
    collection: 'organizations',
    data: {
      title: `ООО «Ромашка» ${tag}`,
      administrator: administrator.id,
      availableSubscriptions: [rubPlan.id],
      defaultSubscription: rubPlan.id,
      currency: 'RUB',
      locale: 'ru',
      timezone: 'Europe/Moscow',
      taxRateBp: 2000,
    },
  })
  russianOrganizationId = russian.id
  // an English organization whose user reads Portuguese (its own language wins)
  const shop = await create({
    collection: 'organizations',
    data: {
      title: `Loja ${tag}`,
      availableSubscriptions: [brlPlan.id],
      defaultSubscription: brlPlan.id,
      currency: 'BRL',
      timezone: 'America/Sao_Paulo',
    },
  })
  const portuguese = await create({
    collection: 'users',
    data: {
      login: `loja-${tag}`,
      email: `loja-${tag}@example.test`,
      password: PASSWORD,
      role: 'subscriber',
      locale: 'pt',
      memberships: [{ organization: shop.id, canViewStreams: true }],
    },
  })
  invoice = (await payload.create({
    collection: 'invoices',
    data: {
      organization: russian.id,
      period: '2026-10',
      currency: 'RUB',
      taxRateBp: 2000,
      lines: [
        {
          organization: russian.id,
          subscription: rubPlan.id,
          description: `Бизнес ${tag}`,
          cameraSeconds: 2678400,
          cameraDays: 31,
          unitPrice: 123456,
          amount: 123456,
        },
      ],
      subtotal: 123456,
      tax: 24691,
      total: 148147,
      dueAt: '2026-11-15T09:00:00.000Z',
    } as never,
  })) as Invoice
  russianAdmin = await payload.findByID({ collection: 'users', id: administrator.id, depth: 0 })
  portugueseUser = await payload.findByID({ collection: 'users', id: portuguese.id, depth: 0 })
})

async function dashboardOf(user: User) {
  const organizations = await readableOrganizations(payload, user)
  const organization = organizations[0]!
  const locale = portalLocale({ user, organization, acceptLanguage: 'en-US,en;q=0.9' })
  return {
    locale,
    text: textOf(
      await html(createElement(Dashboard, { payload, user, organizations, organization, locale })),
    ),
  }
}

describe('the portal in Russian, as the administrator of a Russian-speaking organization', () => {
  it('takes the organization’s language when the user chose none, whatever the browser asks', async () => {
    expect(russianAdmin.locale ?? null).toBeNull()
    const { locale } = await dashboardOf(russianAdmin)
    expect(locale).toBe('ru')
  })

  it('renders the dashboard in Russian with roubles written the Russian way', async () => {
    const { text } = await dashboardOf(russianAdmin)
    for (const heading of ['Камер сейчас', 'Подписки', 'Последние счета', 'Все счета'])
      expect(text).toContain(heading)
    expect(text).toContain('Расчётный месяц:')
    expect(text).toContain('Сейчас на подписках 0 камер.')
    // the monthly price 1234.56 RUB, with no-break spaces
    expect(text).toContain(`1${NBSP}234,56${NBSP}₽`)
    for (const english of ['Cameras now', 'Subscriptions', 'Latest invoices', 'Billing month'])
      expect(text).not.toContain(english)
  })

  it('renders the invoice in Russian: labels, status, days, tax rate and amounts', async () => {
    const organization = await payload.findByID({
      collection: 'organizations',
      id: russianOrganizationId,
      depth: 0,
    })
    const text = textOf(
      await html(
        createElement(
          'article',
          null,
          createElement(InvoiceSummary, { invoice, organization, locale: 'ru' }),
          createElement(InvoiceLines, { invoice, locale: 'ru' }),
        ),
      ),
    )
    expect(text).toContain(`Черновик счёта № ${invoice.id}`)
    for (const label of ['Плательщик', 'Период', 'Статус', 'Позиции', 'Камеро-дни', 'Итого'])
      expect(text).toContain(label)
    expect(text).toContain('Черновик')
    expect(text).toContain('октябрь 2026')
    expect(text).toMatch(/15 нояб\. 2026\sг\./)
    expect(text).toContain('31,00')
    expect(text).toContain(`Налог (20${NBSP}%)`)
    expect(text).toContain(`1${NBSP}481,47${NBSP}₽`)
    expect(text).toContain('Скачать PDF')
    for (const english of ['Payer', 'Period', 'Lines', 'Subtotal', 'Download PDF', 'Draft'])
      expect(text).not.toContain(english)
  })
})

describe('the portal in Portuguese, as a user who chose Portuguese in an English organization', () => {
  it('renders the dashboard in Portuguese with reais written the Brazilian way', async () => {
    const { locale, text } = await dashboardOf(portugueseUser)
    expect(locale).toBe('pt')
    for (const heading of ['Câmeras agora', 'Assinaturas', 'Últimas faturas'])
      expect(text).toContain(heading)
    expect(text).toContain('Ainda não há faturas.')
    expect(text).toContain(`R$${NBSP}1.234,56`)
    for (const english of ['Cameras now', 'Subscriptions', 'No invoices yet'])
      expect(text).not.toContain(english)
  })
})

describe('a server action’s validation error', () => {
  beforeAll(async () => {
    request.headers = new Headers({
      authorization: await loginHeader(russianAdmin.email, PASSWORD),
      'accept-language': 'en-US,en;q=0.9',
    })
  })

  const addMember = (fields: Record<string, string>) => {
    const form = new FormData()
    form.set('organization', String(russianOrganizationId))
    form.set('access', 'password')
    for (const [name, value] of Object.entries(fields)) form.set(name, value)
    return addMemberAction({}, form)
  }

  it('comes in Russian and names the field the form checks itself', async () => {
    const missingLogin = await addMember({ login: '', email: `x-${tag}@example.test` })
    expect(missingLogin).toMatchObject({ error: 'Введите логин.', field: 'login' })
    const shortPassword = await addMember({
      login: `new-${tag}`,
      email: `x-${tag}@example.test`,
      password: 'short',
    })
    expect(shortPassword).toMatchObject({
      error: 'Пароль должен содержать не менее 8 символов.',
      field: 'password',
    })
  })

  it('comes in Russian from the users collection’s own validation, naming the field', async () => {
    const refused = await addMember({
      login: 'логин с пробелами!',
      email: `y-${tag}@example.test`,
      password: PASSWORD,
    })
    expect(refused.field).toBe('login')
    expect(refused.error).toContain(messages('ru').validation.loginCharacters)
  })
})

describe('the password pages’ action (before sign-in)', () => {
  it('answers in the language of the page the form was shown on, naming the field', async () => {
    const form = new FormData()
    for (const [name, value] of Object.entries({
      locale: 'ru',
      token: 'ab'.repeat(20),
      password: 'Whatever-123',
      confirm: 'Whatever-456',
    }))
      form.set(name, value)
    expect(await resetPasswordAction({}, form)).toEqual({
      error: 'Пароли не совпадают: введите один и тот же пароль дважды.',
      field: 'confirm',
    })
    form.set('locale', 'pt')
    form.set('confirm', 'Whatever-123')
    form.set('password', 'curta')
    expect(await resetPasswordAction({}, form)).toEqual({
      error: 'A nova senha precisa ter pelo menos 8 caracteres.',
      field: 'password',
    })
  })
})
