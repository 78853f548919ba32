/**
 * Whom a task is handed to (转办) or who acts for its holder (委托): a user or a unit of the
 * caller's county, active, with its name in words and whether it can hold a task of `role` —
 * the user holds the role, or the unit has an active user who holds it. Another county's user
 * or unit is simply not found (404), as everywhere.
 *
 * No lock: the write that follows does not depend on the target's row staying as read (a user
 * deactivated meanwhile no longer logs in). One statement: the user branch reads users and its
 * roles by primary key (county_id, id; user_roles (county_id, user_id, role)); the unit branch
 * units by primary key and its users by the users' county scan restricted to that unit (a
 * county has a few hundred users). The branch not asked for is cut by its constant `kind` test.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TaskActionTargetRow {
  id: string;
  name: string;
  /** The user's unit (a user target), or the unit itself. */
  unit_id: string | null;
  unit_name: string | null;
  holds_role: boolean;
}

export async function selectTaskActionTarget(db: Kysely<Database>, countyId: string, kind: 'user' | 'unit', id: string, role: string): Promise<TaskActionTargetRow | undefined> {
  const rows = await sql<TaskActionTargetRow>`
    select u.id, u.display_name as name, u.unit_id, n.name as unit_name,
      exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role = ${role}) as holds_role
    from users u left join units n on n.county_id = u.county_id and n.id = u.unit_id
    where ${kind}::text = 'user' and u.county_id = ${countyId} and u.id = ${id} and u.active
    union all
    select n.id, n.name, n.id, n.name,
      exists (select 1 from users u join user_roles r on r.county_id = u.county_id and r.user_id = u.id and r.role = ${role}
              where u.county_id = n.county_id and u.unit_id = n.id and u.active) as holds_role
    from units n
    where ${kind}::text = 'unit' and n.county_id = ${countyId} and n.id = ${id} and n.active`.execute(db);
  const row = rows.rows[0];
  return row ? { ...row, holds_role: row.holds_role === true || (row.holds_role as unknown) === 't' } : undefined;
}
