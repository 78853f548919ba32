/**
 * A county's next serial number in a scope (十八届一次 → 十八届一次-0001): one counter row per
 * (county_id, scope), bumped with an upsert on its primary key.
 *
 * Locking: the upsert locks the counter row until the transaction commits, so numbers are
 * gapless and never repeat, and every other taker of the same scope queues on that row for
 * as long as the taker's transaction lasts. That is why the common case — a step that takes
 * one number that its title does not show — bumps the counter inside the step's write
 * statement instead (`bumpCounter` in sql/step-write.ts `serialCtes`), holding the row for
 * one statement and its commit (commit 2811a96, which made two other speed-ups too: W1-serial
 * ~210 → ~460 completions/s in the bench setup); `nextSerial` is the path for a step that needs the number before its
 * write (several numbers, or one shown in the title).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import { unitShortName } from './unit-short-name.ts';

/**
 * The counter upsert, without its RETURNING: value 1 for a new scope, else value + 1. With
 * `from`, one row is bumped per row of that relation (the step statement's `lck`: none when
 * the instance lost its race, so no number is taken and no gap is left).
 */
export function bumpCounter(countyId: string, scope: string, from?: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into counters (county_id, scope, value) select ${countyId}, ${scope}, 1${from ? sql` from ${from}` : sql``}
      on conflict (county_id, scope) do update set value = counters.value + 1`;
}

/**
 * Takes the next number and writes it `width` digits wide at least (a wider number in full):
 * `scope-0001`, or with `format` that text with `{n}` the number and `{unit}` the unit's
 * 发文机关代字 (unit-short-name.ts, in the same transaction), e.g. "县卫健函〔2026〕12号".
 */
export async function nextSerial(
  trx: Kysely<Database>,
  countyId: string,
  scope: string,
  width: number,
  letter?: { format: string; unitId: string | null },
): Promise<string> {
  const counter = await sql<{ value: number }>`${bumpCounter(countyId, scope)} returning value`.execute(trx);
  const n = String(Number(counter.rows[0]?.value ?? 1)).padStart(width, '0');
  if (!letter) return `${scope}-${n}`;
  const unit = letter.unitId ? await unitShortName(trx, countyId, letter.unitId) : '';
  return letter.format.replaceAll('{unit}', unit).replaceAll('{n}', n);
}
