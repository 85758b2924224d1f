import os from 'node:os'
import type pg from 'pg'
import { WORKER_LOCK_KEY } from './runLock'

/**
 * The job worker's heartbeat: the leader writes a row of `worker_heartbeats` (migration
 * 20261203_211556_worker_heartbeats) every few seconds on the very connection that holds the
 * leader lock. Readiness (GET /api/health/ready), on any machine, then checks two things in the
 * database alone, so that clocks of other machines never matter: a live session holds the leader
 * lock (pg_locks), and the leader wrote its heartbeat within the last minute (a hung worker keeps
 * its lock but stops beating).
 */
export const WORKER_HEARTBEAT_TABLE = 'worker_heartbeats'

/** pg_locks shows a bigint advisory key as two 32-bit halves. */
function lockHalves(key: number): [number, number] {
  return [Math.floor(key / 2 ** 32), key % 2 ** 32]
}

const UNDEFINED_TABLE = '42P01'

interface Logger {
  warn(message: string): void
}

/** Writes the leader's heartbeat; a database without the table (migrations not applied) only gets `select 1`. */
export class LeaderHeartbeat {
  private missingTable = false
  private readonly holder = `${process.pid}@${os.hostname()}`

  constructor(
    private readonly client: pg.Client,
    private readonly log: Logger,
    private readonly key: number = WORKER_LOCK_KEY,
  ) {}

  /** At taking the lock: the row says who leads since when. */
  start(): Promise<void> {
    return this.write(
      `insert into ${WORKER_HEARTBEAT_TABLE} (lock_key, holder, since, beat_at) values ($1, $2, now(), now())
        on conflict (lock_key) do update set holder = excluded.holder, since = excluded.since, beat_at = excluded.beat_at`,
      [this.key, this.holder],
    )
  }

  /** Every heartbeat: also proves the lock connection alive (a failed write loses the lock). */
  async beat(): Promise<void> {
    if (this.missingTable) {
      await this.client.query('select 1')
      return
    }
    const result = await this.client.query(
      `update ${WORKER_HEARTBEAT_TABLE} set beat_at = now() where lock_key = $1`,
      [this.key],
    )
    if (result.rowCount === 0) await this.start()
  }

  private async write(sql: string, values: unknown[]): Promise<void> {
    if (this.missingTable) return
    try {
      await this.client.query(sql, values)
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error
      this.missingTable = true
      this.log.warn(
        `worker: no ${WORKER_HEARTBEAT_TABLE} table (migrations not applied?): readiness cannot see this worker`,
      )
    }
  }
}

export interface LeaderStatus {
  /** A live session of this database holds the leader lock. */
  held: boolean
  /** Seconds since the leader's last heartbeat (database clock); null when none was ever written. */
  heartbeatAgeSeconds: number | null
}

/** Who leads, as the database sees it: for readiness and metrics, from any machine. */
export async function leaderStatus(
  db: Pick<pg.Pool, 'query'>,
  key: number = WORKER_LOCK_KEY,
): Promise<LeaderStatus> {
  const [classid, objid] = lockHalves(key)
  const { rows } = await db.query<{ held: boolean; age: string | null }>(
    `select
       exists (select 1 from pg_locks
                where locktype = 'advisory' and granted and objsubid = 1 and classid = $1 and objid = $2
                  and database = (select oid from pg_database where datname = current_database())) as held,
       (select extract(epoch from now() - beat_at) from ${WORKER_HEARTBEAT_TABLE} where lock_key = $3) as age`,
    [classid, objid, key],
  )
  const row = rows[0]
  return {
    held: Boolean(row?.held),
    heartbeatAgeSeconds: row?.age === null || row?.age === undefined ? null : Number(row.age),
  }
}
