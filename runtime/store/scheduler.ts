/**
 * Durable timers and the outbox. Every server process runs this loop; due timers are
 * claimed with FOR UPDATE SKIP LOCKED (index timers_due), the instance is locked, the
 * timer's event is applied and the timer row deleted in the same transaction, so each
 * timer fires exactly once across processes and restarts.
 */
import { sql, type Kysely } from 'kysely';
import type { EngineEvent } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { parseJson } from './json.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { stepInstance } from './step-writer.ts';
import type { StoreEvent } from './store-events.ts';

interface TimerRow {
  county_id: string;
  id: string;
  instance_id: string;
  key: string;
  event: unknown;
}

/**
 * Fire one due timer; false when none is due (or all due ones are held by other processes).
 * A timer whose event cannot be applied (e.g. its instance's definition rejects it) is
 * removed and reported in the outbox instead of failing on every tick forever.
 */
export async function fireNextTimer(db: Kysely<Database>, rt: Runtime): Promise<boolean> {
  let failed: TimerRow | undefined;
  try {
    return await applyNextTimer(db, rt, (t) => (failed = t));
  } catch (err) {
    if (!failed || (err instanceof AppError && err.code === 'CONFLICT')) throw err;
    const timer: TimerRow = failed;
    await inTransaction(db, async (trx) => {
      await trx.deleteFrom('timers').where('county_id', '=', timer.county_id).where('id', '=', timer.id).execute();
      await trx
        .insertInto('outbox')
        .values({ county_id: timer.county_id, instance_id: timer.instance_id, kind: 'timer_failed', payload: JSON.stringify({ key: timer.key, error: String((err as Error).message) }), created_at: rt.clock.now() })
        .execute();
    });
    return true;
  }
}

async function applyNextTimer(db: Kysely<Database>, rt: Runtime, claimedHook: (t: TimerRow) => void): Promise<boolean> {
  const now = rt.clock.now();
  const emitted: StoreEvent[] = [];
  const fired = await inTransaction(db, async (trx) => {
    const claimed = await sql<TimerRow>`
      select county_id, id, instance_id, key, event from timers
      where fire_at <= ${now}
      order by fire_at
      limit 1
      for update skip locked`.execute(trx);
    const timer = claimed.rows[0];
    if (!timer) return false;
    claimedHook(timer);
    await trx.deleteFrom('timers').where('county_id', '=', timer.county_id).where('id', '=', timer.id).execute();
    const instance = await lockInstance(trx, timer.county_id, timer.instance_id);
    if (instance && instance.status === 'active') {
      const event = parseJson<EngineEvent>(timer.event);
      await stepInstance({ trx, rt, countyId: timer.county_id, depth: 0, emitted }, instance, event, null);
    }
    emitted.push({ name: 'timer:fired', payload: { countyId: timer.county_id, instanceId: timer.instance_id, key: timer.key } });
    return true;
  });
  rt.events.emitAll(emitted);
  return fired;
}

/** Fire every timer due at the runtime clock's now; returns how many fired. */
export async function runDueTimers(db: Kysely<Database>, rt: Runtime, max = 10_000): Promise<number> {
  let fired = 0;
  while (fired < max && (await fireNextTimer(db, rt))) {
    fired++;
    // PGlite's WASM work blocks the event loop: let HTTP requests through between timers.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return fired;
}

export interface OutboxMessage {
  id: number;
  countyId: string;
  instanceId: string | null;
  kind: string;
  payload: unknown;
}

/** Hand pending outbox rows to `deliver` and mark them processed (same transaction). */
export async function drainOutbox(db: Kysely<Database>, rt: Runtime, deliver: (m: OutboxMessage) => void, batch = 100): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await sql<{ id: number; county_id: string; instance_id: string | null; kind: string; payload: unknown }>`
      select id, county_id, instance_id, kind, payload from outbox
      where processed_at is null order by id limit ${batch}
      for update skip locked`.execute(trx);
    if (rows.rows.length === 0) return 0;
    for (const r of rows.rows) {
      deliver({ id: Number(r.id), countyId: r.county_id, instanceId: r.instance_id, kind: r.kind, payload: parseJson(r.payload) });
    }
    await trx.updateTable('outbox').set({ processed_at: rt.clock.now() }).where('id', 'in', rows.rows.map((r) => Number(r.id))).execute();
    return rows.rows.length;
  });
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Poll for due timers and outbox rows every `intervalMs` until stopped. */
export function startScheduler(
  db: Kysely<Database>,
  rt: Runtime,
  opts: { intervalMs?: number; deliver?: (m: OutboxMessage) => void; onError?: (err: unknown) => void } = {},
): Scheduler {
  const interval = opts.intervalMs ?? 1000;
  const deliver = opts.deliver ?? ((m) => console.log(JSON.stringify({ event: 'notification', ...m })));
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let handle: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      await runDueTimers(db, rt, 500);
      while ((await drainOutbox(db, rt, deliver)) > 0) await new Promise((r) => setImmediate(r));
    } catch (err) {
      (opts.onError ?? ((e) => console.error('scheduler:', e)))(err);
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) handle = setTimeout(loop, interval);
    });
  };
  handle = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      if (handle) clearTimeout(handle);
      await running;
    },
  };
}
