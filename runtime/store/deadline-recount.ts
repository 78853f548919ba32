/**
 * After a county's calendar changed (an added or removed day, an imported year, a year back to
 * the national one): its open working-day deadlines over the changed years are counted again
 * from their start on the new calendar (engine/deadline-recount.ts says which and how), in the
 * edit's own transaction, so the admin's answer can say how many moved ("已按新日历重算 N 项期限").
 */
import type { Kysely } from 'kysely';
import { recountDeadlines, type PendingTimer } from '../engine/index.ts';
import { readCountyCalendar } from './calendar-provider.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { moveTaskDue } from './sql/move-task-due.ts';
import { moveTimer } from './sql/move-timer.ts';
import { selectPendingDeadlines } from './sql/pending-deadlines.ts';

/** The number of deadlines (a task's due date, a delayed transition) that moved. */
export async function recountCountyDeadlines(trx: Kysely<Database>, rt: Runtime, countyId: string, years: readonly number[]): Promise<number> {
  const calendar = await readCountyCalendar(trx, countyId);
  let moved = 0;
  for (const row of await selectPendingDeadlines(trx, countyId)) {
    const def = await rt.registry.byHash(trx, row.definition_hash);
    const timers: PendingTimer[] = row.timers.map((t) => ({ key: t.key, fireAt: new Date(t.fire_at).toISOString(), event: t.event }));
    const found = recountDeadlines(def.pkg, row.snapshot, timers, calendar, years);
    const was = new Map(timers.map((t) => [t.key, t.fireAt]));
    for (const [key, to] of Object.entries(found.timers)) await moveTimer(trx, countyId, row.id, key, was.get(key) as string, to);
    for (const m of found.moved) {
      const done = m.kind === 'task' ? await moveTaskDue(trx, countyId, row.id, m.key, m.from, m.to) : was.get(m.key) !== undefined;
      if (done) moved++;
    }
  }
  return moved;
}
