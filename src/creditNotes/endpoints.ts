import type { Endpoint } from 'payload'
import { poolOf } from '../db'
import { NotFound } from '../endpoints/errors'
import { operation } from '../endpoints/operation'
import { storedCreditNoteDocument } from './store'

/** GET /api/credit-notes/<id>/pdf: the PDF as issued, for staff and members of the payer organization. */
const pdf = operation({
  path: '/:id/pdf',
  method: 'get',
  access: 'signedIn',
  idOf: 'credit note',
  handler: async (req, { id }) => {
    const visible = await req.payload.find({
      collection: 'credit-notes',
      where: { id: { equals: id } },
      depth: 0,
      limit: 1,
      overrideAccess: false,
      user: req.user,
      req,
    })
    if (!visible.docs[0]) throw new NotFound(`credit note ${id} not found`, 'id')
    const file = await storedCreditNoteDocument(poolOf(req.payload), id)
    if (!file) throw new NotFound(`credit note ${id} has no PDF`, 'id')
    return new Response(new Uint8Array(file.data), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${file.filename}"`,
      },
    })
  },
})

export const creditNoteEndpoints: Endpoint[] = [pdf]
