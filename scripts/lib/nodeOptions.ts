/**
 * The Node flag every process that loads the Payload config outside Next needs (scripts, the
 * worker, the `payload` CLI, vitest's workers): `--conditions=production`.
 *
 * Why: the packages of `lexical` (which `@payloadcms/richtext-lexical`, and so payload.config.ts,
 * imports) resolve under Node to `dist/*.node.mjs` wrappers whose only statement is a top-level
 * `await import('./X.dev.mjs' or './X.prod.mjs')`. Two dozen such wrappers, imported at once by one
 * module graph, put Node 20's (V8 11.3's) asynchronous module evaluation on a path where,
 * now and then, a module whose dependencies have all finished evaluating is never run itself
 * (seen: `richtext-lexical/dist/features/horizontalRule/server/index.js`); its importers wait
 * forever, no timer or socket is left, the event loop runs empty and Node exits with 13
 * ("unsettled top-level await") before the script's first line has run. `node -e "import
 * '@payloadcms/richtext-lexical'"` alone does it in about half the runs on this machine;
 * `tsx scripts/prepare.ts` in 2-3 % (`npm run stress:prepare`).
 *
 * The lexical packages also export `production` (and `development`) conditions that point at the
 * plain builds, without the wrapper and its top-level await; with the flag the whole graph is
 * evaluated synchronously and the race is gone. No other installed package declares a
 * `production` export condition, so nothing else changes (check with
 * `grep -l '"production"' node_modules/*\/package.json node_modules/@*\/*\/package.json`).
 * The Next server is not concerned: `next build` bundles lexical.
 *
 * `.npmrc` sets it (`node-options`) for everything run through npm or npx, children included;
 * places that set NODE_OPTIONS themselves add it with `withConditionFlag`.
 */
export const CONDITION_FLAG = '--conditions=production'

/** NODE_OPTIONS with the flag added (once), keeping what was there. */
export function withConditionFlag(
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): string {
  const current = (nodeOptions ?? '').trim()
  if (current.split(/\s+/).includes(CONDITION_FLAG)) return current
  return current ? `${current} ${CONDITION_FLAG}` : CONDITION_FLAG
}

/** True when this process resolves `lexical` to its plain build, i.e. started with the flag. */
export function hasConditionFlag(): boolean {
  return (
    process.execArgv.includes(CONDITION_FLAG) ||
    (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes(CONDITION_FLAG)
  )
}
