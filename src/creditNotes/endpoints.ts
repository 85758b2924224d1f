import type { Endpoint } from 'payload'
import { poolOf } from '../db'
import { NotFound } from '../endpoints/errors'
import { pdfResponse } from '../endpoints/fileResponse'
import { operation } from '../endpoints/operation'
import { visibleDocument } from '../endpoints/visibleDocument'
import { storedCreditNoteDocument } from './store'

/** GET /api/credit-notes/<id>/pdf: the PDF as issued, for staff and members of the payer organization. */
const pdf = operation({
  path: '/:id/pdf',
  method: 'get',
  access: 'signedIn',
  idOf: 'credit note',
  handler: async (req, { id }) => {
    if (!(await visibleDocument(req, 'credit-notes', id)))
      throw new NotFound(`credit note ${id} not found`, 'id')
    const file = await storedCreditNoteDocument(poolOf(req.payload), id)
    if (!file) throw new NotFound(`credit note ${id} has no PDF`, 'id')
    return pdfResponse(file)
  },
})

export const creditNoteEndpoints: Endpoint[] = [pdf]
