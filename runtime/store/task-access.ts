/**
 * Who may act on a task, who may see it, and so who may see an instance: the one home of the
 * rule, as TypeScript predicates (for a row already read) and as SQL fragments (for a query that
 * must select only such rows), side by side; "see an instance" has two SQL forms, per row
 * for one instance and as a set for a list. test/store/task-access.test.ts checks on PGlite
 * and PostgreSQL that each predicate and its fragments pick the same rows.
 *
 * The rule (rows are always of the caller's county: every query filters by county first, so
 * another county's task or instance is never found, whatever the roles):
 *
 * - **act** on a task: its role is one of the actor's, and its assignee and unit, when it
 *   names them (not null), are the actor and the actor's unit, and its position (经办人,
 *   审核人, 签发人: migration 034), when it names one, is one the actor holds in that unit
 *   (so a clerk cannot sign, and a signer of another unit fails the unit test); or its role
 *   is one of the actor's and the actor is its delegate (委托, migration 035: the holder named
 *   them to act for them until revoked; task-actions.ts — the delegate acts for the holder,
 *   so the holder's assignee, unit and position tests are not theirs). Whether it is still open or
 *   claimed is checked where it is completed (instance-service.ts), not here.
 * - a task **involves** the actor when they may act on it (whatever its status now), completed
 *   it, are its assignee, or it names their unit.
 * - **see a task**: the office roles (admin, staff, leader, integrator) see every task of their
 *   county; anyone else the tasks that involve them.
 * - **see an instance**: the office roles every instance of their county (and a region reader,
 *   role `region`, every instance of the county it reads: only the register and the statistics
 *   of the counties under its region ask, server/region-gate.ts keeps it from every task and
 *   instance route, and it never sees a task); anyone else those they
 *   started and those where a task of the instance or of a descendant (child process)
 *   involves them. A parent is seen through its children: a suggestion whose handling unit
 *   works in the child suggestion-assignment is seen by that unit's clerks.
 *
 * Why this rule: it is the union of what the four places that held it before allowed (mayAct;
 * getTask: office, mayAct or completed; the instance view: office, creator, or a task of the
 * tree assigned to, completed by or naming the unit of the caller; listInstances: office,
 * creator, or a task of the top-level instance assigned to or completed by the caller), so
 * nobody lost sight of anything, and nothing is seen that a task did not already show the
 * caller. What it widened:
 * - GET /api/instances lists for a unit clerk the instances of their unit's tasks, also in
 *   child processes (before: only those they had completed a task on, while the instance
 *   itself opened for them);
 * - a deputy who may act on a role-only task (every deputy in supervision / livelihood-vote
 *   collecting) can open and list that instance (before: GET /api/tasks/:id showed the task,
 *   the instance answered 404);
 * - a task assigned to the caller or naming their unit shows in GET /api/tasks/:id even when
 *   its role is not theirs (before: only its instance did).
 * And where the TypeScript and SQL forms differed: an assignee or unit of '' (an empty context
 * value) now names nobody in both (mayAct treated it as unnamed, the inbox query as a name).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../engine/index.ts';

/** Roles that see every task and instance of their county. */
export const OFFICE_ROLES: readonly string[] = ['admin', 'staff', 'leader', 'integrator'];

/** The task columns the rule reads. */
export interface TaskAccessRow {
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  /** The unit position that may act (migration 034); null: anyone of the role and unit. */
  position: string | null;
  completed_by: string | null;
  /** 委托: the user acting for the holder (absent in rows read before migration 035's columns were selected: nobody). */
  delegate_id?: string | null;
}

export function isOffice(actor: Actor): boolean {
  return actor.roles.some((r) => OFFICE_ROLES.includes(r));
}

/** Sees every instance of the county asked about: the office, or a region reader (上级人大, migration 018) — instances only, never tasks. */
function readsWholeCounty(actor: Actor): boolean {
  return isOffice(actor) || actor.roles.includes('region');
}

const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

// ------------------------------------------------------------------ act

export function mayAct(actor: Actor, task: Omit<TaskAccessRow, 'completed_by'>): boolean {
  if (!actor.roles.includes(task.role)) return false;
  if (task.delegate_id != null && task.delegate_id === actor.id) return true;
  if (task.assignee_id !== null && task.assignee_id !== actor.id) return false;
  if (task.unit_id !== null && task.unit_id !== (actor.unitId ?? null)) return false;
  if (task.position !== null && !(actor.positions ?? []).includes(task.position)) return false;
  return true;
}

/** `mayAct` on the tasks row `alias`. The role test is served by tasks_inbox (county_id, role, status). */
export function mayActSql(actor: Actor, alias = 't'): RawBuilder<SqlBool> {
  const unit = actor.unitId ?? null;
  const positions = actor.positions ?? [];
  const roles = actor.roles.length > 0 ? sql`${ref(alias, 'role')} in (${sql.join(actor.roles)})` : sql`false`;
  return sql<SqlBool>`(${roles}
    and (coalesce(${ref(alias, 'delegate_id')} = ${actor.id}, false) or (
      (${ref(alias, 'assignee_id')} is null or ${ref(alias, 'assignee_id')} = ${actor.id})
      and (${ref(alias, 'unit_id')} is null or (${unit}::text is not null and ${ref(alias, 'unit_id')} = ${unit}))
      and (${ref(alias, 'position')} is null or ${positions.length > 0 ? sql`${ref(alias, 'position')} in (${sql.join(positions)})` : sql`false`}))))`;
}

// ------------------------------------------------------------------ involved

export function involves(actor: Actor, task: TaskAccessRow): boolean {
  return (
    mayAct(actor, task) ||
    task.completed_by === actor.id ||
    task.assignee_id === actor.id ||
    (actor.unitId != null && task.unit_id === actor.unitId)
  );
}

export function involvesSql(actor: Actor, alias = 't'): RawBuilder<SqlBool> {
  const unit = actor.unitId ?? null;
  return sql<SqlBool>`(${mayActSql(actor, alias)}
    or coalesce(${ref(alias, 'completed_by')} = ${actor.id}, false)
    or coalesce(${ref(alias, 'assignee_id')} = ${actor.id}, false)
    or (${unit}::text is not null and coalesce(${ref(alias, 'unit_id')} = ${unit}, false)))`;
}

// ------------------------------------------------------------------ see a task

export function maySeeTask(actor: Actor, task: TaskAccessRow): boolean {
  return isOffice(actor) || involves(actor, task);
}

export function maySeeTaskSql(actor: Actor, alias = 't'): RawBuilder<SqlBool> {
  return isOffice(actor) ? sql<SqlBool>`true` : involvesSql(actor, alias);
}

// ------------------------------------------------------------------ see an instance

/** `tasks`: every task (any status) of the instance and of its descendants. */
export function maySeeInstance(actor: Actor, instance: { created_by: string | null }, tasks: readonly TaskAccessRow[]): boolean {
  return readsWholeCounty(actor) || instance.created_by === actor.id || tasks.some((t) => involves(actor, t));
}

/**
 * `maySeeInstance` on the instances row `alias`, for a query of one instance (the view). For anyone but the office, an EXISTS walks the
 * instance's tree (instances_parent) and looks up each tree row's tasks (tasks_instance); the
 * LATERAL … OFFSET 0 keeps that lookup an index scan per tree row in the generic plan of a
 * prepared statement (as in the instance view). For the office it is the constant `true`.
 */
export function maySeeInstanceSql(actor: Actor, alias = 'i'): RawBuilder<SqlBool> {
  if (readsWholeCounty(actor)) return sql<SqlBool>`true`;
  return sql<SqlBool>`(coalesce(${ref(alias, 'created_by')} = ${actor.id}, false) or exists (
      with recursive seen_tree (id) as (
        select ${ref(alias, 'id')}
        union all
        select c.id from seen_tree join instances c on c.county_id = ${ref(alias, 'county_id')} and c.parent_id = seen_tree.id
      )
      select 1 from seen_tree cross join lateral (
        select 1 from tasks t where t.county_id = ${ref(alias, 'county_id')} and t.instance_id = seen_tree.id and ${involvesSql(actor, 't')} offset 0
      ) involved))`;
}

/**
 * `maySeeInstance` on the instances row `alias` of county `countyId`, for a query over many
 * instances (the instance list): the same rule, computed once as a set instead of per row. The
 * county's tasks that involve the actor are found in one pass (their role part by
 * tasks_inbox; assignee, completer and unit have no index, so that part is a scan of the
 * county's tasks) and their instances walked up to the roots (instances primary key); the
 * list then tests each row against that set: a hashed subplan thanks to the DISTINCT (without
 * it the recursive CTE's row estimate, 757,500, is too big to hash and the set was scanned
 * once per row: 1.4 s). Measured on PGlite with 5,000 suggestions, 2,500 children and 15,000
 * tasks, listing 100 for a unit clerk or a deputy (noisy: a shared 2-core box): per row
 * (`maySeeInstanceSql`) 70–100 ms, as this set 29–36 ms; the old list filter, which followed
 * neither children nor units (and so listed nothing for the clerk), 8–12 ms.
 */
export function maySeeInstanceAmongSql(actor: Actor, countyId: string, alias = 'i'): RawBuilder<SqlBool> {
  if (readsWholeCounty(actor)) return sql<SqlBool>`true`;
  return sql<SqlBool>`(coalesce(${ref(alias, 'created_by')} = ${actor.id}, false) or ${ref(alias, 'id')} in (
      with recursive seen_up (id, parent_id) as (
        select i.id, i.parent_id from instances i
        where i.county_id = ${countyId} and i.id in (select t.instance_id from tasks t where t.county_id = ${countyId} and ${involvesSql(actor, 't')})
        union
        select p.id, p.parent_id from seen_up join instances p on p.county_id = ${countyId} and p.id = seen_up.parent_id
      )
      select distinct id from seen_up))`;
}
