import { z } from 'zod'
import type { Endpoint, PayloadRequest } from 'payload'
import { now } from '../clock'
import { NotFound } from '../endpoints/errors'
import { fileResponse, pdfResponse } from '../endpoints/fileResponse'
import { operation } from '../endpoints/operation'
import { visibleDocument } from '../endpoints/visibleDocument'
import { PAYMENT_METHODS } from '../ledger'
import { invoicesCsv } from './csv'
import { withCameraTitles } from './drillDownTitles'
import { drillDownCsv } from './drillDownCsv'
import { invoiceDrillDown } from './drillDown'
import { generateInvoices } from './generate'
import { invoicePdf, issueInvoice, payInvoice, voidInvoice } from './lifecycle'

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/
const PERIOD_HINT = 'a month written YYYY-MM, e.g. 2026-10'
const period = z
  .string({ required_error: PERIOD_HINT, invalid_type_error: PERIOD_HINT })
  .regex(PERIOD, PERIOD_HINT)

async function mustSee(req: PayloadRequest, id: number): Promise<void> {
  if (!(await visibleDocument(req, 'invoices', id)))
    throw new NotFound(`invoice ${id} not found`, 'id')
}

/** A state change of one invoice, answered with the invoice as the caller sees it afterwards. */
const transition = <Body extends z.ZodTypeAny = z.ZodUndefined>(
  path: string,
  apply: (req: PayloadRequest, id: number, body: z.infer<Body>) => Promise<void>,
  body?: Body,
) =>
  operation({
    path,
    method: 'post',
    access: 'staff',
    idOf: 'invoice',
    body,
    handler: async (req, input) => {
      await mustSee(req, input.id)
      await apply(req, input.id, input.body)
      return visibleDocument(req, 'invoices', input.id)
    },
  })

const generateBody = z.object({
  period,
  organization: z.coerce.number().int().positive().optional(),
  regenerate: z.boolean().optional(),
})

const usageQuery = z.object({
  format: z.enum(['json', 'csv']).optional(),
  titles: z.enum(['0', '1', 'true', 'false']).optional(),
})

const payBody = z.object({
  paidAt: z.string().datetime({ offset: true }).optional(),
  reference: z.string().max(200).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
})

export const invoiceEndpoints: Endpoint[] = [
  operation({
    path: '/generate',
    method: 'post',
    access: 'staff',
    body: generateBody,
    handler: (req, { body }) =>
      generateInvoices(req.payload, {
        period: body.period,
        organizationId: body.organization,
        regenerate: body.regenerate,
      }),
  }),
  /** One row per invoice line of the period, with the caller's access rules. */
  operation({
    path: '/export.csv',
    method: 'get',
    access: 'signedIn',
    query: z.object({ period }),
    handler: async (req, { query }) => {
      const invoices = await req.payload.find({
        collection: 'invoices',
        where: { period: { equals: query.period } },
        depth: 1,
        limit: 0,
        pagination: false,
        sort: 'id',
        select: { allocations: false }, // a query per invoice, and not in the CSV
        overrideAccess: false,
        user: req.user,
        req,
      })
      return fileResponse(invoicesCsv(invoices.docs), {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: `invoices-${query.period}.csv`,
      })
    },
  }),
  transition('/:id/issue', (req, id) => issueInvoice(req.payload, id)),
  transition('/:id/void', (req, id) => voidInvoice(req.payload, id)),
  transition(
    '/:id/pay',
    (req, id, body) =>
      payInvoice(req.payload, id, {
        paidAt: body.paidAt ? new Date(body.paidAt) : now(),
        reference: body.reference ?? null,
        method: body.method,
        req,
      }),
    payBody,
  ),
  /** The PDF, for staff and for members of the payer organization (the invoice's read access). */
  operation({
    path: '/:id/pdf',
    method: 'get',
    access: 'signedIn',
    idOf: 'invoice',
    handler: async (req, { id }) => {
      await mustSee(req, id)
      return pdfResponse(await invoicePdf(req.payload, id))
    },
  }),
  /**
   * The camera time behind each line (DESIGN.md section 5), with the invoice's read access; with
   * `titles=1`, a member who may view the streams also gets its cameras' titles from Watcher.
   */
  operation({
    path: '/:id/usage',
    method: 'get',
    access: 'signedIn',
    idOf: 'invoice',
    query: usageQuery,
    handler: async (req, { id, query }) => {
      const invoice = await visibleDocument(req, 'invoices', id)
      if (!invoice) throw new NotFound(`invoice ${id} not found`, 'id')
      let drillDown = await invoiceDrillDown(req.payload, id)
      if (query.titles === '1' || query.titles === 'true')
        drillDown = (await withCameraTitles(req.payload, req.user, drillDown)).drillDown
      if (query.format !== 'csv') return drillDown
      return fileResponse(drillDownCsv(drillDown, invoice.currency), {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: `invoice-${invoice.number ?? id}-usage.csv`,
      })
    },
  }),
]
