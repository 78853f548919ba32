/**
 * GET /api/health's `read` (server/app.ts): whether the read database (DATABASE_READ_URL,
 * runtime/store/db.ts `readDb`) answers, whether it is a replica in recovery, and its lag in
 * seconds: 0 when it has replayed all the WAL it received, else the time since the primary
 * committed the last transaction it replayed (pg_last_xact_replay_timestamp). While the
 * primary writes nothing the replica is caught up and the lag stays 0. It is the replay's lag
 * behind the WAL received, not a check of the connection to the primary (a replica cut off
 * from it has replayed all it received: 0); that is pg_stat_wal_receiver's.
 *
 * No lock, no table: functions of the server's recovery state only.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReadDatabaseHealth {
  replica: boolean;
  lagSeconds: number | null;
}

export async function selectReadDatabaseHealth(db: Kysely<Database>): Promise<ReadDatabaseHealth> {
  const r = await sql<{ replica: boolean; lag: number | string | null }>`
    select pg_is_in_recovery() as replica,
      case when not pg_is_in_recovery() then null
           when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
           else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag`.execute(db);
  const row = r.rows[0];
  const lag = row?.lag === null || row?.lag === undefined ? null : Math.max(0, Math.round(Number(row.lag) * 1000) / 1000);
  return { replica: row?.replica === true, lagSeconds: lag };
}
