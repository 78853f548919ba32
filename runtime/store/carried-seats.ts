/**
 * The `takeCarriedSeats` effect (DOMAIN §3.5 NEXT_SESSION): a livelihood vote that ended with
 * seats left for the next session keeps them in its context (`carried`: seats and the
 * candidates not chosen); the next vote of the county takes them as it starts. Its seats then
 * include the carried ones, it knows which earlier vote they came from, and the two are linked
 * (instance_links) so each page names the other. Taken once: a link marks them taken.
 */
import type { Kysely } from 'kysely';
import { assignToContext, readPath, type InstanceSnapshot } from '../engine/index.ts';
import type { Database } from './schema.ts';
import { carriedTaken, lockCarriedSource } from './sql/carried-seats.ts';

export interface CarriedTake {
  key: string;
  from: string;
  to: string;
  seats: string;
}

/** The snapshot with the carried seats written in, and the earlier instance to link to (none to take: unchanged, null). */
export async function takeCarriedSeats(
  trx: Kysely<Database>,
  countyId: string,
  definitionId: string,
  snapshot: InstanceSnapshot,
  e: CarriedTake,
): Promise<{ snapshot: InstanceSnapshot; targetId: string | null }> {
  const contextKey = e.from.replace(/^context\./, '');
  const source = await lockCarriedSource(trx, countyId, definitionId, contextKey, e.key);
  if (!source || (await carriedTaken(trx, countyId, source.id, e.key))) return { snapshot, targetId: null };
  const seats = Number.isInteger(source.carried.seats) ? (source.carried.seats as number) : 0;
  const own = readPath({ context: snapshot.machine.context }, `context.${e.seats.replace(/^context\./, '')}`);
  let next = assignToContext(snapshot, e.to, { ...source.carried, seats, fromInstanceId: source.id, fromTitle: source.title });
  next = assignToContext(next, e.seats, (typeof own === 'number' ? own : 0) + seats);
  return { snapshot: next, targetId: source.id };
}
