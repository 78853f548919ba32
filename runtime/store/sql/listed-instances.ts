/**
 * The instances a form lists by id (a 重点督办 theme's suggestions, `x-ui.widget:
 * "suggestion-list"`), of one process in the county, with their title, whether they still
 * run and the 重点督办专题 they are already in (context.keyTheme, written by MARK_KEY):
 * reference-check.ts refuses one that is missing, finished, listed under another title or
 * already in a theme. No lock (the step that acts on them locks each one,
 * store/step-writer.ts sendEach).
 *
 * One statement whatever the number of ids: the list is one jsonb parameter, unnested; each id
 * is read by the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ListedInstanceRow {
  id: string;
  title: string;
  active: boolean;
  /** context.serialNo (建议编号), null before registration. */
  serialNo: string | null;
  /** context.registeredAt: null while not yet accepted (MARK_KEY's guard needs it). */
  registeredAt: string | null;
  /** The theme it is already in (context.keyTheme.instanceId / .title), null when in none. */
  keyThemeId: string | null;
  keyThemeTitle: string | null;
}

export async function selectListedInstances(db: Kysely<Database>, countyId: string, definitionId: string, ids: readonly string[]): Promise<ListedInstanceRow[]> {
  const rows = await sql<ListedInstanceRow>`
    select i.id, i.title, i.status = 'active' as active,
      i.snapshot #>> '{machine,context,serialNo}' as "serialNo",
      i.snapshot #>> '{machine,context,registeredAt}' as "registeredAt",
      i.snapshot #>> '{machine,context,keyTheme,instanceId}' as "keyThemeId",
      i.snapshot #>> '{machine,context,keyTheme,title}' as "keyThemeTitle"
    from instances i
    where i.county_id = ${countyId} and i.definition_id = ${definitionId} and i.parent_id is null
      and i.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(db);
  return rows.rows;
}
