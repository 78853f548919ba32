/**
 * What the store needs besides the database: compiled definitions, calendars, the clock and
 * an id source. Injected so tests move a simulated clock and never sleep.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, CompiledDefinition } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { CalendarProvider } from './calendar-provider.ts';
import { DefinitionRegistry } from './definition-registry.ts';
import type { Database } from './schema.ts';
import { StoreEvents } from './store-events.ts';

export interface Runtime {
  registry: DefinitionRegistry;
  calendars: CalendarProvider;
  clock: Clock;
  newId: () => string;
  events: StoreEvents;
  /** The key that seals the county's delivery secrets (settings-secrets.ts); a fresh random one when none is given. */
  secretsKey: Uint8Array;
}

/** `compiled`: definitions already compiled in this process (see DefinitionRegistry). */
export function createRuntime(opts: { clock?: Clock; newId?: () => string; compiled?: readonly CompiledDefinition[]; secretsKey?: Uint8Array } = {}): Runtime {
  return {
    secretsKey: opts.secretsKey ?? new Uint8Array(randomBytes(32)),
    registry: new DefinitionRegistry(opts.compiled),
    calendars: new CalendarProvider(),
    clock: opts.clock ?? { now: () => new Date() },
    newId: opts.newId ?? randomUUID,
    events: new StoreEvents(),
  };
}

/** A clock tests can move; it never moves by itself. */
export class SimulatedClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 24 * 3600_000);
  }
}

const CONFLICT_CODES = new Set(['40001', '40P01', '23505', '55P03']);

/**
 * Run `fn` in one transaction. Serialization failures, deadlocks and unique violations
 * (two writers racing) become 409 CONFLICT; nothing of the losing transaction is kept.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && CONFLICT_CODES.has(code)) {
      throw new AppError('CONFLICT', 'Another change to the same item happened at the same time; reload and try again', undefined, { cause: err });
    }
    throw err;
  }
}
