/**
 * How many active users of a unit hold a position in it (经办人, 审核人, 签发人; migration 034):
 * a task that names a position nobody holds is shown with a warning instead of waiting
 * unseen. Reads user_positions by a scan of the county's rows (a county has hundreds of unit
 * users at most) joined to users and user_roles by their primary keys; no lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function countPositionHolders(db: Kysely<Database>, countyId: string, unitId: string, position: string): Promise<number> {
  const found = await sql<{ n: number | string }>`
    select count(*) as n from user_positions p
      join users u on u.county_id = p.county_id and u.id = p.user_id
      join user_roles r on r.county_id = p.county_id and r.user_id = p.user_id and r.role = 'unit'
    where p.county_id = ${countyId} and p.position = ${position} and u.unit_id = ${unitId} and u.active`.execute(db);
  return Number(found.rows[0]?.n ?? 0);
}
