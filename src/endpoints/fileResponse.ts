/** A file for the browser under `filename`: shown in place (`inline`) or saved (`attachment`). */
export const fileResponse = (
  body: BodyInit,
  {
    contentType,
    disposition,
    filename,
  }: { contentType: string; disposition: 'inline' | 'attachment'; filename: string },
) =>
  new Response(body, {
    headers: {
      'content-type': contentType,
      'content-disposition': `${disposition}; filename="${filename}"`,
    },
  })

/** A stored PDF, shown in place. */
export const pdfResponse = (file: { data: Uint8Array; filename: string }) =>
  fileResponse(new Uint8Array(file.data), {
    contentType: 'application/pdf',
    disposition: 'inline',
    filename: file.filename,
  })
