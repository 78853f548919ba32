/**
 * Who holds these instances under `scope` (migration 043): the running holder of each, with
 * both titles, for a refusal in words (该建议已在“…”清单中), an import's row errors and the
 * candidates of a list. `ids` null: every instance held in the scope (a county holds a few
 * hundred at most). `exceptHolder`: leave out the holds of this instance (the list being edited).
 *
 * No lock: a read. The save that writes holds (hold-instances.ts) is what the rule rests on.
 * Index: the primary key (county_id, scope, target_id); the instances' primary key for the titles.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface HolderRow {
  target_id: string;
  target_title: string;
  holder_id: string;
  holder_title: string;
}

export async function selectInstanceHolders(db: Kysely<Database>, countyId: string, scope: string, ids: readonly string[] | null, exceptHolder: string | null): Promise<HolderRow[]> {
  const r = await sql<HolderRow>`
    select h.target_id, t.title as target_title, h.holder_id, i.title as holder_title
    from instance_holds h
    join instances i on i.county_id = h.county_id and i.id = h.holder_id
    join instances t on t.county_id = h.county_id and t.id = h.target_id
    where h.county_id = ${countyId} and h.scope = ${scope} and i.status = 'active'
      and (${ids === null ? null : JSON.stringify(ids)}::jsonb is null or h.target_id in (select jsonb_array_elements_text(${ids === null ? null : JSON.stringify(ids)}::jsonb)))
      and (${exceptHolder}::text is null or h.holder_id <> ${exceptHolder}::text)
    order by h.target_id`.execute(db);
  return r.rows;
}
