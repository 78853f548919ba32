/**
 * Checks that the deputies, units and users a form names exist in the caller's county
 * (users by primary key, deputies also by role, units by primary key): a suggestion cannot
 * name a deputy of another county or a unit that does not exist.
 */
import type { Kysely } from 'kysely';
import { formReferences, type JsonSchema } from '../engine/index.ts';
import type { FieldError } from '../errors.ts';
import type { Database } from './schema.ts';

const MESSAGES = {
  deputy: ['不是本县的代表', 'is not a deputy of this county'],
  unit: ['不是本县的承办单位', 'is not a handling unit of this county'],
  user: ['不是本县的用户', 'is not a user of this county'],
} as const;

export async function referenceErrors(db: Kysely<Database>, countyId: string, schema: JsonSchema, data: unknown): Promise<FieldError[]> {
  const refs = formReferences(schema, data);
  if (refs.length === 0) return [];
  const userIds = [...new Set(refs.filter((r) => r.kind !== 'unit').map((r) => r.id))];
  const unitIds = [...new Set(refs.filter((r) => r.kind === 'unit').map((r) => r.id))];
  const [users, deputies, units] = await Promise.all([
    userIds.length ? db.selectFrom('users').select('id').where('county_id', '=', countyId).where('id', 'in', userIds).where('active', '=', true).execute() : [],
    userIds.length ? db.selectFrom('user_roles').select('user_id').where('county_id', '=', countyId).where('user_id', 'in', userIds).where('role', '=', 'deputy').execute() : [],
    unitIds.length ? db.selectFrom('units').select('id').where('county_id', '=', countyId).where('id', 'in', unitIds).execute() : [],
  ]);
  const known = {
    user: new Set(users.map((u) => u.id)),
    deputy: new Set(deputies.map((d) => d.user_id).filter((id) => users.some((u) => u.id === id))),
    unit: new Set(units.map((u) => u.id)),
  };
  return refs
    .filter((r) => !known[r.kind].has(r.id))
    .map((r) => ({ pointer: r.pointer, message: `${r.id}：${MESSAGES[r.kind][0]}`, message_en: `${r.pointer} ${MESSAGES[r.kind][1]}`, keyword: 'reference' }));
}
