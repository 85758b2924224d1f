/** The frame every notice shares: plain text first, and a small HTML version with every value escaped. */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  )
}

export interface Notice {
  subject: string
  /** Paragraphs, in order. */
  paragraphs: string[]
  /** Label and value rows (amount, due date…); rows without a value are left out. */
  facts?: [label: string, value: string | undefined | null][]
  /** Last paragraph, e.g. what to do next. */
  closing?: string
}

export interface RenderedNotice {
  subject: string
  text: string
  html: string
}

export function renderNotice(
  notice: Notice,
  { signature = 'Watcher Billing' } = {},
): RenderedNotice {
  const facts = (notice.facts ?? []).filter(
    (fact): fact is [string, string] => typeof fact[1] === 'string' && fact[1] !== '',
  )
  const width = Math.max(0, ...facts.map(([label]) => label.length)) + 2
  const text = [
    ...notice.paragraphs,
    facts.length > 0
      ? facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n')
      : '',
    notice.closing ?? '',
    `-- \n${signature}`,
  ]
    .filter(Boolean)
    .join('\n\n')
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:2px 16px 2px 0;font-weight:600">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('')
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;color:#1d2430;line-height:1.5">',
    ...notice.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    rows
      ? `<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">${rows}</table>`
      : '',
    notice.closing ? `<p>${escapeHtml(notice.closing)}</p>` : '',
    `<p style="color:#5b6472;font-size:13px">${escapeHtml(signature)}</p>`,
    '</body></html>',
  ].join('\n')
  return { subject: notice.subject, text, html }
}
