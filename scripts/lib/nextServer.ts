/**
 * The production server as the browser tests and the API benchmark run it: `next build` when the
 * build in .next is missing or older than the sources (scripts/buildStamp.ts, the same stamp
 * `npm start` keeps), then `next start` on a port of its own, its output in a log file, stopped
 * with its whole process group.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildIsCurrent, sourceStamp, STAMP_FILE } from '../buildStamp'

/** A binary of the project's node_modules/.bin. */
export const bin = (name: string) => path.resolve('node_modules/.bin', name)

/** Runs a command to its end; its output goes to `logFile` (and is in the error when it fails). */
export function runLogged(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', reject)
    child.once('exit', (code) => {
      const output = Buffer.concat(chunks).toString('utf8')
      fs.writeFileSync(logFile, output)
      if (code === 0) resolve(output)
      else
        reject(
          new Error(
            `${path.basename(command)} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`,
          ),
        )
    })
  })
}

/**
 * `next build` unless the build in .next is current; answers whether it built. The stamp is taken
 * before the build, so a source changed during the build makes the next caller build again.
 */
export async function ensureBuild(env: NodeJS.ProcessEnv, logFile: string): Promise<boolean> {
  if (buildIsCurrent()) return false
  const stamp = sourceStamp()
  await runLogged(bin('next'), ['build'], env, logFile)
  fs.writeFileSync(STAMP_FILE, stamp)
  return true
}

/** Waits until `url` answers below 500, or fails when the server exits or the time runs out. */
export async function waitForHttp(url: string, server: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`next start exited (${server.exitCode}) before answering`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

export interface NextServer {
  process: ChildProcess
  baseUrl: string
  /** SIGTERM to the server's process group, SIGKILL 5 s later if it is still there. */
  stop(): Promise<void>
}

/**
 * `next start` on 127.0.0.1:`port` with `env`, output appended to `logFile`; answers once
 * `readyPath` answers (below 500).
 */
export async function startNextServer({
  port,
  env,
  logFile,
  readyPath = '/api/users/me',
}: {
  port: number
  env: NodeJS.ProcessEnv
  logFile: string
  readyPath?: string
}): Promise<NextServer> {
  const baseUrl = `http://127.0.0.1:${port}`
  const server = spawn(bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env,
    stdio: ['ignore', fs.openSync(logFile, 'a'), fs.openSync(logFile, 'a')],
    detached: true,
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve()
      server.once('exit', () => resolve())
      process.kill(-server.pid!, 'SIGTERM')
      setTimeout(() => {
        if (server.exitCode === null && server.signalCode === null)
          process.kill(-server.pid!, 'SIGKILL')
      }, 5_000).unref()
    })
  try {
    await waitForHttp(`${baseUrl}${readyPath}`, server)
  } catch (error) {
    await stop()
    throw error
  }
  return { process: server, baseUrl, stop }
}
