/**
 * The worker's own metrics (Watcher calls, its database pool, Node's process metrics) on a port of
 * its own: those counters live in the worker process, which serves no HTTP otherwise. Same token
 * rules as GET /api/metrics; the business figures are left to the app (the same for every
 * replica), so that they are not scraped twice.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { metricsAccess, processMetricsText } from './metrics'

export interface MetricsServer {
  port: number
  close(): Promise<void>
}

export async function startMetricsServer({
  port,
  host = '0.0.0.0',
}: {
  port: number
  host?: string
}): Promise<MetricsServer> {
  const server = http.createServer((incoming, outgoing) => {
    const send = async (response: Response) => {
      outgoing.statusCode = response.status
      response.headers.forEach((value, name) => outgoing.setHeader(name, value))
      outgoing.end(Buffer.from(await response.arrayBuffer()))
    }
    const path = (incoming.url ?? '/').split('?')[0]
    if (incoming.method !== 'GET' || path !== '/metrics') {
      void send(Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 }))
      return
    }
    const refused = metricsAccess(incoming.headers.authorization)
    if (refused) {
      void send(refused)
      return
    }
    processMetricsText()
      .then(({ contentType, text }) =>
        send(
          new Response(text, {
            headers: { 'content-type': contentType, 'cache-control': 'no-store' },
          }),
        ),
      )
      .catch(() => send(new Response('metrics unavailable', { status: 500 })))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
