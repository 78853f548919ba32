/**
 * Reception days (instances of `reception-session`) of a county: a station's calendar, a
 * deputy's duty days, or all, between two instants (on `context.startsAt`), oldest first. No
 * lock (a read).
 *
 * Index: instances_list (county_id, definition_id, updated_at desc) gives the county's
 * reception days; the station, deputy and time filters read the context of each (a weekly
 * cadence at 259 stations makes ~13,500 days a year; the context is ~600 bytes, stored inline).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReceptionSessionRow {
  id: string;
  title: string;
  state: string;
  context: Record<string, unknown> | string;
}

export async function receptionSessionRows(
  db: Kysely<Database>,
  countyId: string,
  f: { stationId?: string; deputyId?: string; from: string; to: string; limit: number },
): Promise<ReceptionSessionRow[]> {
  const rows = await sql<ReceptionSessionRow>`
    select i.id, i.title, i.state, i.snapshot->'machine'->'context' as context
    from instances i
    where i.county_id = ${countyId} and i.definition_id = 'reception-session'
      and (${f.stationId ?? null}::text is null or i.snapshot->'machine'->'context'->>'stationId' = ${f.stationId ?? null})
      and (${f.deputyId ?? null}::text is null or i.snapshot->'machine'->'context'->'deputyIds' @> jsonb_build_array(${f.deputyId ?? null}::text))
      and i.snapshot->'machine'->'context'->>'startsAt' >= ${f.from}
      and i.snapshot->'machine'->'context'->>'startsAt' < ${f.to}
    order by i.snapshot->'machine'->'context'->>'startsAt', i.id
    limit ${f.limit}`.execute(db);
  return rows.rows;
}
