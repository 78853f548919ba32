/**
 * Checks that the deputies, units and users a form names exist in the caller's county
 * (users by primary key, deputies also by role, units by primary key): a suggestion cannot
 * name a deputy of another county or a unit that does not exist.
 */
import { sql, type Kysely } from 'kysely';
import { formReferences, type FormReference, type JsonSchema } from '../engine/index.ts';
import type { FieldError } from '../errors.ts';
import type { Database } from './schema.ts';
import { selectListedInstances, type ListedInstanceRow } from './sql/listed-instances.ts';

// The message names no id: the field error sits at its field, and an id means nothing to the reader.
const MESSAGES = {
  deputy: ['所选代表不是本县的代表', 'is not a deputy of this county'],
  unit: ['所选单位不是本县的承办单位', 'is not a handling unit of this county'],
  user: ['所选人员不是本县的用户', 'is not a user of this county'],
  suggestion: ['所选建议不是本县的代表建议', 'is not a suggestion of this county'],
} as const;

const FINISHED_SUGGESTION = ['已办结或已结束，不能再列入', 'is finished and cannot be listed'] as const;
const LISTED_TWICE = ['在列表中重复出现', 'is listed twice'] as const;
const ALREADY_KEY = ['已列入重点督办专题', 'is already in the key supervision theme'] as const;
const TITLE_MISMATCH = ['所列标题与该建议的标题不符，请重新选择', 'does not carry the suggestion\'s own title; choose it again'] as const;

const INACTIVE_UNIT = ['承办单位已停用，不能再指定', 'is a deactivated handling unit'] as const;

export async function referenceErrors(db: Kysely<Database>, countyId: string, schema: JsonSchema, data: unknown): Promise<FieldError[]> {
  const all = formReferences(schema, data);
  const listed = all.filter((r) => r.kind === 'suggestion');
  const refs = all.filter((r) => r.kind !== 'suggestion');
  const listedErrors = listed.length > 0 ? await suggestionErrors(db, countyId, listed) : [];
  if (refs.length === 0) return listedErrors;
  const userIds = [...new Set(refs.filter((r) => r.kind !== 'unit').map((r) => r.id))];
  const unitIds = [...new Set(refs.filter((r) => r.kind === 'unit').map((r) => r.id))];
  // One round trip, one statement shape whatever the number of ids (each list is a jsonb parameter).
  // A deactivated unit (migration 009) is found, but refused with its name: old instances keep
  // it, new work may not name it.
  const found = await sql<{ kind: 'user' | 'unit'; id: string; deputy: boolean; active: boolean; name: string }>`
    select 'user' as kind, u.id, exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role = 'deputy') as deputy, true as active, u.display_name as name
    from users u where u.county_id = ${countyId} and u.active and u.id in (select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb))
    union all
    select 'unit', n.id, false, n.active, n.name from units n where n.county_id = ${countyId} and n.id in (select jsonb_array_elements_text(${JSON.stringify(unitIds)}::jsonb))`.execute(db);
  const known = {
    user: new Set(found.rows.filter((r) => r.kind === 'user').map((r) => r.id)),
    deputy: new Set(found.rows.filter((r) => r.kind === 'user' && r.deputy).map((r) => r.id)),
    unit: new Set(found.rows.filter((r) => r.kind === 'unit' && r.active).map((r) => r.id)),
  };
  const inactiveUnits = new Map(found.rows.filter((r) => r.kind === 'unit' && !r.active).map((r) => [r.id, r.name]));
  return [...listedErrors, ...refs
    .filter((r) => !known[r.kind as 'user' | 'deputy' | 'unit'].has(r.id))
    .map((r) => {
      const inactive = r.kind === 'unit' ? inactiveUnits.get(r.id) : undefined;
      if (inactive !== undefined) return { pointer: r.pointer, message: `${inactive}：${INACTIVE_UNIT[0]}`, message_en: `${r.pointer} ${INACTIVE_UNIT[1]}`, keyword: 'reference' };
      return { pointer: r.pointer, message: MESSAGES[r.kind][0], message_en: `the chosen entry ${MESSAGES[r.kind][1]}`, keyword: 'reference' };
    })];
}

/**
 * Why a suggestion may not be listed in a 重点督办专题 (null: it may): it has run its course, it
 * is listed under a title not its own, or it is already in a theme (one theme per suggestion:
 * MARK_KEY writes one context.keyTheme). The one home of the rule: the theme's forms (提出,
 * 增列) check each row here, and the suggestion page's 列入重点督办专题 (key-theme-addition.ts)
 * asks it before it completes the theme's 增列.
 */
export function listedSuggestionProblem(row: ListedInstanceRow, title: string): { code: 'SUGGESTION_FINISHED' | 'TITLE_MISMATCH' | 'ALREADY_KEY'; message: string; message_en: string } | null {
  if (!row.active) return { code: 'SUGGESTION_FINISHED', message: `《${row.title}》${FINISHED_SUGGESTION[0]}`, message_en: `the chosen suggestion ${FINISHED_SUGGESTION[1]}` };
  if (row.title !== title) return { code: 'TITLE_MISMATCH', message: TITLE_MISMATCH[0], message_en: `the chosen entry ${TITLE_MISMATCH[1]}` };
  if (row.keyThemeId !== null) return { code: 'ALREADY_KEY', message: `《${row.title}》${ALREADY_KEY[0]}《${row.keyThemeTitle ?? ''}》`, message_en: `the chosen suggestion ${ALREADY_KEY[1]} "${row.keyThemeTitle ?? ''}"` };
  return null;
}

/** Listed suggestions (`suggestion-list`): each a running suggestion of the county, under its own title, in no theme yet. */
async function suggestionErrors(db: Kysely<Database>, countyId: string, listed: readonly FormReference[]): Promise<FieldError[]> {
  const rows = new Map((await selectListedInstances(db, countyId, 'suggestion', [...new Set(listed.map((r) => r.id))])).map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const r of listed) {
    const row = rows.get(r.id);
    // The same suggestion twice in one list (of the same field) would be marked, and counted, twice.
    const list = r.pointer.slice(0, r.pointer.lastIndexOf('/'));
    const twice = seen.has(`${list}\u0000${r.id}`);
    seen.add(`${list}\u0000${r.id}`);
    const problem = !row
      ? { message: MESSAGES.suggestion[0], message_en: `the chosen entry ${MESSAGES.suggestion[1]}` }
      : twice ? { message: `《${row.title}》${LISTED_TWICE[0]}`, message_en: `the chosen suggestion ${LISTED_TWICE[1]}` } : listedSuggestionProblem(row, r.title ?? '');
    if (problem) errors.push({ pointer: r.pointer, message: problem.message, message_en: problem.message_en, keyword: 'reference' });
  }
  return errors;
}
