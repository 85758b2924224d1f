import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * The source stamp `npm start` and the browser tests keep beside the build: paths, sizes and
 * modification times of what `next build` reads. Equal stamps mean the build in .next is current,
 * so the two reuse each other's builds.
 */
export const STAMP_FILE = path.resolve('.next/watcher-billing-source-stamp')

export function sourceStamp(): string {
  const hash = createHash('sha256')
  const visit = (target: string) => {
    if (!fs.existsSync(target)) return
    const stat = fs.statSync(target)
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(target).sort()) visit(path.join(target, entry))
    } else {
      hash.update(`${target}:${stat.size}:${stat.mtimeMs}\n`)
    }
  }
  for (const target of [
    'src',
    'payload.config.ts',
    'next.config.ts',
    'tsconfig.json',
    'package-lock.json',
  ]) {
    visit(target)
  }
  return hash.digest('hex')
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(STAMP_FILE) &&
    fs.existsSync('.next/BUILD_ID') &&
    fs.readFileSync(STAMP_FILE, 'utf8') === sourceStamp()
  )
}
