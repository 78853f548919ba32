/**
 * The one home of which routes read from the read replica (DATABASE_READ_URL,
 * runtime/store/db.ts `readDb`): reads a person looks at and that may be a moment behind the
 * last write — the register (台账, routes/register.ts), the statistics (routes/statistics*.ts)
 * and their XLSX/CSV/DOCX exports. Each of these routes reads through `readDb` only; its one
 * write, the export's audit row, goes to `db` (the primary).
 *
 * Everything that decides stays on the primary (`db`): logins and the token check of every
 * request (server/auth.ts), starts, task completions, ballots, timers and the outbox, audit,
 * and every read inside a transaction or followed by a write on what it read. A route is added
 * here only if nothing it answers is used to decide a write.
 *
 * The statistics' in-memory caches (runtime/store/statistics-cache.ts: the stamp;
 * statistics-projection.ts: the delta snapshot of pg_current_snapshot) are kept per Kysely
 * instance, so the replica's entries are apart from the primary's, and every entry's stamp or
 * snapshot is read from the same database as its rows. Rule: never mix them — a stamp or
 * snapshot read on the primary against rows read on a replica that has not replayed them yet
 * would keep the older figures as fresh until the next write. On a hot standby the snapshot's
 * xmax and running ids are the replayed ones, so a row replayed later is still read as new.
 * Hence also: DATABASE_READ_URL names ONE replica, not a balancer over several (a snapshot of
 * a replica further ahead would skip rows a lagging one replays later). A replica is behind
 * the primary by its replay lag (GET /api/health `read.lagSeconds`), never more.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Runtime } from '../../runtime/store/index.ts';
import type { AppEnv } from '../auth.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';
import { mountRegisterRoutes } from './register.ts';
import { mountStatisticsRoutes } from './statistics.ts';
import { mountStatisticsMonthlyRoutes } from './statistics-monthly.ts';
import { mountStatisticsUrgesRoutes } from './statistics-urges.ts';

/** Mounts the register and statistics routes with their reads on `readDb` (absent: `db`). */
export function mountLaggingReadRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; readDb?: Kysely<Database>; rt: Runtime }): void {
  const reads: LaggingReadDeps = { db: deps.db, readDb: deps.readDb ?? deps.db, rt: deps.rt };
  mountRegisterRoutes(api, reads);
  // Before the statistics routes: their /statistics/:process would answer /statistics/urges as a process without a catalogue.
  mountStatisticsUrgesRoutes(api, reads);
  mountStatisticsRoutes(api, reads);
  mountStatisticsMonthlyRoutes(api, reads);
}
