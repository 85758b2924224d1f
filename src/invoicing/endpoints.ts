import { z } from 'zod'
import type { Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import { now } from '../clock'
import { PAYMENT_METHODS } from '../ledger/kinds'
import { errorResponse, readJsonBody, staffOnly, zodErrorResponse } from '../endpoints/responses'
import { invoicesCsv } from './csv'
import { generateInvoices, GenerateError } from './generate'
import { InvoiceStateError, invoicePdf, issueInvoice, payInvoice, voidInvoice } from './lifecycle'

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/

const staff = (handler: PayloadHandler): PayloadHandler => staffOnly(guarded(handler))

const guarded =
  (handler: PayloadHandler): PayloadHandler =>
  async (req) => {
    try {
      return await handler(req)
    } catch (caught) {
      if (caught instanceof InvoiceStateError || caught instanceof GenerateError) return errorResponse(caught.status, caught.message, caught.field)
      throw caught
    }
  }

const idParam = (req: PayloadRequest): number | null => {
  const id = Number(req.routeParams?.id)
  return Number.isInteger(id) && id > 0 ? id : null
}

/** The invoice as the caller may see it (access rules applied), or null. */
async function visibleInvoice(req: PayloadRequest, id: number) {
  const found = await req.payload.find({ collection: 'invoices', where: { id: { equals: id } }, depth: 0, limit: 1, overrideAccess: false, user: req.user, req })
  return found.docs[0] ?? null
}

const generateBody = z.object({
  period: z.string().regex(PERIOD, 'a month written YYYY-MM, e.g. 2026-10'),
  organization: z.coerce.number().int().positive().optional(),
  regenerate: z.boolean().optional(),
})

const generate: PayloadHandler = async (req) => {
  const parsed = generateBody.safeParse(await readJsonBody(req))
  if (!parsed.success) return zodErrorResponse(parsed.error.issues)
  const { period, organization, regenerate } = parsed.data
  return Response.json(await generateInvoices(req.payload, { period, organizationId: organization, regenerate }))
}

const transition =
  (apply: (req: PayloadRequest, id: number) => Promise<void>): PayloadHandler =>
  async (req) => {
    const id = idParam(req)
    if (id === null) return errorResponse(404, 'Not Found')
    if (!(await visibleInvoice(req, id))) return errorResponse(404, `invoice ${id} not found`, 'id')
    await apply(req, id)
    return Response.json(await visibleInvoice(req, id))
  }

const payBody = z.object({
  paidAt: z.string().datetime({ offset: true }).optional(),
  reference: z.string().max(200).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
})

const pay = transition(async (req, id) => {
  const parsed = payBody.safeParse(await readJsonBody(req))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new InvoiceStateError(`${issue.path.join('.')}: ${issue.message}`, 400, issue.path.join('.'))
  }
  const { paidAt, reference, method } = parsed.data
  await payInvoice(req.payload, id, { paidAt: paidAt ? new Date(paidAt) : now(), reference: reference ?? null, method, req })
})

/** The PDF, for staff and for members of the payer organization (the invoice's read access). */
const pdf: PayloadHandler = async (req) => {
  if (!req.user) return errorResponse(401, 'Log in first')
  const id = idParam(req)
  if (id === null || !(await visibleInvoice(req, id))) return errorResponse(404, `invoice ${req.routeParams?.id} not found`, 'id')
  const file = await invoicePdf(req.payload, id)
  return new Response(new Uint8Array(file.data), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${file.filename}"` },
  })
}

/** One row per invoice line of the period, with the caller's access rules. */
const exportCsv: PayloadHandler = async (req) => {
  if (!req.user) return errorResponse(401, 'Log in first')
  const period = new URL(req.url ?? 'http://x/').searchParams.get('period')
  if (!period || !PERIOD.test(period)) return errorResponse(400, 'period: a month written YYYY-MM, e.g. 2026-10', 'period')
  const invoices = await req.payload.find({
    collection: 'invoices',
    where: { period: { equals: period } },
    depth: 1,
    limit: 0,
    pagination: false,
    sort: 'id',
    select: { allocations: false }, // a query per invoice, and not in the CSV
    overrideAccess: false,
    user: req.user,
    req,
  })
  return new Response(invoicesCsv(invoices.docs), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="invoices-${period}.csv"` },
  })
}

export const invoiceEndpoints: Endpoint[] = [
  { path: '/generate', method: 'post', handler: staff(generate) },
  { path: '/export.csv', method: 'get', handler: guarded(exportCsv) },
  { path: '/:id/issue', method: 'post', handler: staff(transition((req, id) => issueInvoice(req.payload, id))) },
  { path: '/:id/void', method: 'post', handler: staff(transition((req, id) => voidInvoice(req.payload, id))) },
  { path: '/:id/pay', method: 'post', handler: staff(pay) },
  { path: '/:id/pdf', method: 'get', handler: guarded(pdf) },
]
