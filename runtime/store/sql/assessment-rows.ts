/**
 * The top-level instances of one process of the annual assessment (`deputy-assessment`, the
 * year's campaign, or `deputy-self-evaluation`, one per deputy) for a year, newest first, with
 * their context. No lock: a read (the grading effect reads the self-evaluations' states and last
 * year's approved grades; a step that moves one of them meanwhile is seen by the next grading).
 *
 * Index: instances_register (county_id, definition_id, created_at desc, id) where parent_id is
 * null gives the county's instances of the process in this order; the year filter reads the
 * context of each (a county has one campaign a year and one self-evaluation per deputy a year:
 * ~300 rows a year at Changchun's 329 deputies).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AssessmentRow {
  id: string;
  state: string;
  status: string;
  context: Record<string, unknown>;
}

export async function assessmentRows(db: Kysely<Database>, countyId: string, definitionId: 'deputy-assessment' | 'deputy-self-evaluation', year: number): Promise<AssessmentRow[]> {
  const r = await sql<AssessmentRow>`
    select i.id, i.state, i.status, i.snapshot->'machine'->'context' as context
    from instances i
    where i.county_id = ${countyId} and i.definition_id = ${definitionId} and i.parent_id is null
      and i.snapshot->'machine'->'context'->>'year' = ${String(year)}
    order by i.created_at desc, i.id`.execute(db);
  return r.rows;
}
