import type { Endpoint, PayloadHandler } from 'payload'
import { errorResponse } from '../endpoints/responses'
import { poolOf } from '../db/pool'
import { isRowId } from '../db'

/** GET /api/credit-notes/<id>/pdf: the PDF as issued, for staff and members of the payer organization. */
const pdf: PayloadHandler = async (req) => {
  if (!req.user) return errorResponse(401, 'Log in first')
  const id = Number(req.routeParams?.id)
  if (!isRowId(id)) return errorResponse(404, `credit note ${req.routeParams?.id} not found`, 'id')
  const visible = await req.payload.find({ collection: 'credit-notes', where: { id: { equals: id } }, depth: 0, limit: 1, overrideAccess: false, user: req.user, req })
  if (!visible.docs[0]) return errorResponse(404, `credit note ${id} not found`, 'id')
  const { rows } = await poolOf(req.payload).query<{ filename: string; data: Buffer }>('select filename, data from credit_note_documents where credit_note_id = $1', [id])
  if (!rows[0]) return errorResponse(404, `credit note ${id} has no PDF`, 'id')
  return new Response(new Uint8Array(rows[0].data), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${rows[0].filename}"` },
  })
}

export const creditNoteEndpoints: Endpoint[] = [{ path: '/:id/pdf', method: 'get', handler: pdf }]
