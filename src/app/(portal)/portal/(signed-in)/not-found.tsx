import { pageLocale, portalMessages } from '../../../../portal'

export default async function PortalNotFound() {
  const t = portalMessages(await pageLocale())
  return (
    <>
      <h1>{t.titles.notFound}</h1>
      <p>{t.notFound.text}</p>
      <p>
        <a href="/portal">{t.notFound.back}</a>
      </p>
    </>
  )
}
