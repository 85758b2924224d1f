export default function PortalNotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is nothing here, or it belongs to an organization your account cannot see.</p>
      <p>
        <a href="/portal">Back to the dashboard</a>
      </p>
    </>
  )
}
