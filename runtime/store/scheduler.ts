/**
 * Durable timers and the outbox. Every server process runs this loop; a due timer is
 * claimed with FOR UPDATE SKIP LOCKED and deleted (sql/claim-due-timer.ts), the instance is
 * locked and the timer's event applied in the same transaction, so each timer fires exactly
 * once across processes and restarts. Outbox rows are claimed the same way (sql/claim-outbox.ts);
 * a `notify` row is fanned out into deliveries in that claim's transaction
 * (sql/enqueue-deliveries.ts), which the delivery worker then sends (delivery-worker.ts).
 */
import type { Kysely } from 'kysely';
import type { EngineEvent } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { errorFields } from '../log-line.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { parseJson } from './json.ts';
import { claimDueTimer, dropFailedTimer, type TimerRow } from './sql/claim-due-timer.ts';
import { claimOutbox } from './sql/claim-outbox.ts';
import { enqueueDeliveries } from './sql/enqueue-deliveries.ts';
import { runDeliveriesOnce, type DeliveryChannels } from './delivery-worker.ts';
import { runDailyDigest } from './digest.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { stepInstance } from './step-writer.ts';
import type { StoreEvent } from './store-events.ts';

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
    await dropFailedTimer(db, failed, String((err as Error).message), rt.clock.now());
    return true;
  }
}

async function applyNextTimer(db: Kysely<Database>, rt: Runtime, claimedHook: (t: TimerRow) => void): Promise<boolean> {
  const now = rt.clock.now();
  const emitted: StoreEvent[] = [];
  const fired = await inTransaction(db, async (trx) => {
    const timer = await claimDueTimer(trx, now);
    if (!timer) return false;
    claimedHook(timer);
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

/**
 * Hand pending outbox rows to `deliver` and mark them processed; `notify` rows become
 * deliveries to their recipients' outside channels (same transaction).
 */
export async function drainOutbox(db: Kysely<Database>, rt: Runtime, deliver: (m: OutboxMessage) => void, batch = 100): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await claimOutbox(trx, batch, rt.clock.now());
    await enqueueDeliveries(trx, rows.filter((r) => r.kind === 'notify').map((r) => r.id), rt.clock.now());
    for (const r of rows) {
      deliver({ id: r.id, countyId: r.county_id, instanceId: r.instance_id, kind: r.kind, payload: parseJson(r.payload) });
    }
    return rows.length;
  });
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Poll for due timers and outbox rows every `intervalMs` until stopped. */
export function startScheduler(
  db: Kysely<Database>,
  rt: Runtime,
  opts: { intervalMs?: number; batch?: number; deliver?: (m: OutboxMessage) => void; onError?: (err: unknown) => void; channels?: DeliveryChannels } = {},
): Scheduler {
  const interval = opts.intervalMs ?? 1000;
  const batch = opts.batch ?? 500;
  // Ids and the kind only: the payload carries titles and names (a suggestion's title is form content).
  const deliver = opts.deliver ?? ((m) => console.log(JSON.stringify({ event: 'notification', id: m.id, countyId: m.countyId, instanceId: m.instanceId, kind: m.kind })));
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let handle: ReturnType<typeof setTimeout> | undefined;
  /** True when the tick fired a whole batch: more timers may be due, so the next tick comes at once. */
  const tick = async (): Promise<boolean> => {
    let full = false;
    try {
      full = (await runDueTimers(db, rt, batch)) >= batch;
      while ((await drainOutbox(db, rt, deliver)) > 0) await new Promise((r) => setImmediate(r));
      await runDailyDigest(db, rt);
      await runDeliveriesOnce(db, rt, { channels: opts.channels });
    } catch (err) {
      (opts.onError ?? ((e) => console.error(JSON.stringify({ level: 'error', code: 'SCHEDULER_FAILED', ...errorFields(e) }))))(err);
    }
    return full;
  };
  // A backlog (timers due during an outage, a day's deadlines at once) drains without the pause
  // between ticks: with 500 timers a tick at ~170/s (npm run bench -- --scale, 2 cores) the 1 s
  // pause was a quarter of the drain's time. The outbox and deliveries still run after each batch.
  const loop = () => {
    if (stopped) return;
    running = tick().then(
      (full) => {
        if (!stopped) handle = setTimeout(loop, full ? 0 : interval);
      },
      () => {
        if (!stopped) handle = setTimeout(loop, interval);
      },
    );
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
