/**
 * Now the fallback only: the figures read the statistics projection (statistics-projection.ts,
 * migration 022) whenever it holds every fact the county's catalogue reads; this cache serves
 * an overlay reading other context paths, computed from the snapshots as below.
 *
 * The fact rows of a county's statistics (runtime/store/statistics.ts), kept per database,
 * county, period and catalogue, and used again while nothing they were computed from changed:
 * - the instances: the stamp of sql/statistics-stamp.ts (count, sum of versions, latest
 *   updated_at of the county's instances of the process and its child process) is read on every
 *   request, before anything else, and must equal the one the rows were computed under;
 * - the clock: "overdue now" holds until the earliest due time of an open task after the moment
 *   of computation (sql/statistics-next-due.ts), and only from that moment on (a test's clock
 *   may go back);
 * - the catalogue: its JSON is part of the key (a saved overlay makes another key).
 * Each server process keeps its own entries and checks them against the database, so several
 * processes behind a load balancer never serve figures older than the last committed write.
 *
 * Why: computing the figures reads and interprets every instance of the county, while a
 * dashboard is read far more often than the county's suggestions move. W-report
 * (test/bench/w-report.ts) on a store of 1,000,000 instances in 100 counties, the county of
 * 10,000 instances (4,800 suggestions, 2,328 in 2026), PostgreSQL 15, the shared 2-core box at a
 * load average of ~20 (other agents' tests), 30 runs each:
 *   BENCH_ONLY=w-report BENCH_WREPORT_FULL=1 BENCH_KEEP_DB=1 npm run bench   (seeds, then measures)
 *   BENCH_ONLY=w-report BENCH_WREPORT_DB=bench_wreport_<pid> npm run bench    (measures it again)
 * - before (no cache, rules interpreted): GET /api/statistics/suggestion p50 1,510 ms, p95 2,168
 *   ms; …/units p50 1,461 ms, p95 2,396 ms; baseline count(*) of the county's instances p50
 *   45 ms, p95 77 ms: p95 28× the baseline;
 * - with this cache (the populations memoised with the rows) and compiled rules
 *   (runtime/statistics/compiled-logic.ts): nothing changed since the last reading p50 195–223
 *   ms, p95 493–514 ms; …/units p50 191–219 ms, p95 330–436 ms; baseline p50 38–40 ms, p95
 *   109–139 ms: p95 3.7–4.5× the baseline; right after a write (computed again) p50 1,224 ms,
 *   p95 2,106 ms. Two more runs of the final code at load averages of 13–20: dashboard p50 141 /
 *   176 ms, p95 296 / 363 ms (7.7× / 5.6× the baseline p95 of 38 / 65 ms); units p95 217 / 353
 *   ms; right after a write p50 716 / 1,015 ms, p95 1,098 / 1,733 ms.
 * So ≤ 20× the baseline holds in every run; ≤ 300 ms p95 only when the box is less loaded, and
 * not at all for the first reading after a write (the statement and fact rows, see
 * sql/statistics-rows.ts).
 * In process on the same database: the stamp 15–42 ms (the baseline count(*) 38–45 ms), the
 * statement 384–518 ms, fact rows 190–611 ms, populations and figures 31–42 ms.
 *
 * At most ENTRIES entries (least recently used dropped): one holds the fact rows of one
 * county's period, ~10–20 MB at 5,000 suggestions.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { selectNextDueAt } from './sql/statistics-next-due.ts';
import { selectStatisticsStamp } from './sql/statistics-stamp.ts';

const ENTRIES = 16;

interface Entry {
  stamp: string;
  from: number;
  until: number;
  value: unknown;
}

const byDatabase = new WeakMap<object, Map<string, Entry>>();
const catalogueKeys = new WeakMap<object, string>();

export interface CacheKey {
  countyId: string;
  /** The process and its child process: the instances the rows are read from. */
  definitionIds: readonly string[];
  /** The period as its query parameter (year:2026, term:十八届, …). */
  period: string;
  /** The catalogue the rows were built by (its JSON is the key). */
  catalogue: object;
}

/** `load()`'s value for `key`, computed again only when the county's instances, the clock's side of an open task's due time or the catalogue moved. */
export async function cachedStatistics<T>(db: Kysely<Database>, key: CacheKey, now: Date, load: () => Promise<T>): Promise<T> {
  let entries = byDatabase.get(db);
  if (!entries) byDatabase.set(db, (entries = new Map()));
  let cat = catalogueKeys.get(key.catalogue);
  if (cat === undefined) catalogueKeys.set(key.catalogue, (cat = JSON.stringify(key.catalogue)));
  const k = JSON.stringify([key.countyId, key.definitionIds, key.period, cat]);
  const stamp = await selectStatisticsStamp(db, key.countyId, key.definitionIds);
  const at = now.getTime();
  const hit = entries.get(k);
  if (hit && hit.stamp === stamp && at >= hit.from && at < hit.until) {
    entries.delete(k);
    entries.set(k, hit);
    return hit.value as T;
  }
  const next = await selectNextDueAt(db, key.countyId, now);
  const value = await load();
  entries.delete(k);
  entries.set(k, { stamp, from: at, until: next === null ? Infinity : next.getTime(), value });
  while (entries.size > ENTRIES) entries.delete(entries.keys().next().value as string);
  return value;
}
