/**
 * The access rule (runtime/store/task-access.ts) in its two forms, TypeScript and SQL, must
 * pick the same rows: for every actor × task (act, involved, see) and actor × instance (see, in
 * its per-row and its set form),
 * on every database. The statements that use the SQL form (inbox, instance list, instance
 * view) are checked against the TypeScript form too.
 */
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Actor } from '../../runtime/engine/index.ts';
import type { Database } from '../../runtime/store/index.ts';
import { selectInstanceView } from '../../runtime/store/sql/instance-view.ts';
import { selectInstances } from '../../runtime/store/sql/list-instances.ts';
import { selectTasks } from '../../runtime/store/sql/list-tasks.ts';
import {
  involves,
  involvesSql,
  mayAct,
  mayActSql,
  maySeeInstance,
  maySeeInstanceAmongSql,
  maySeeInstanceSql,
  maySeeTask,
  maySeeTaskSql,
  type TaskAccessRow,
} from '../../runtime/store/task-access.ts';
import { describeEachDatabase } from '../support/databases.ts';

const COUNTY = 'county-a';
const OTHER = 'county-b';

const actors: Record<string, Actor> = {
  deputy1: { id: 'deputy1', roles: ['deputy'] },
  deputy2: { id: 'deputy2', roles: ['deputy'] },
  clerkA: { id: 'clerkA', roles: ['unit'], unitId: 'unit-a' },
  clerkB: { id: 'clerkB', roles: ['unit'], unitId: 'unit-b' },
  // Positions inside a unit (migration 034): only a holder of a task's position may act on it.
  signerA: { id: 'signerA', roles: ['unit'], unitId: 'unit-a', positions: ['reviewer', 'signer'] },
  signerB: { id: 'signerB', roles: ['unit'], unitId: 'unit-b', positions: ['signer'] },
  staff: { id: 'staff', roles: ['staff'] },
  leader: { id: 'leader', roles: ['leader'] },
  admin: { id: 'admin', roles: ['admin', 'integrator', 'staff'] },
  nobody: { id: 'nobody', roles: [] },
};

interface InstanceSeed {
  id: string;
  parent: string | null;
  createdBy: string | null;
}

/** suggestion s1 (deputy1) → child assignment a1 (unit A's tasks); others one level. */
const instances: InstanceSeed[] = [
  { id: 's1', parent: null, createdBy: 'deputy1' },
  { id: 'a1', parent: 's1', createdBy: null },
  { id: 'a1x', parent: 'a1', createdBy: null },
  { id: 's2', parent: null, createdBy: 'deputy2' },
  { id: 'v1', parent: null, createdBy: 'staff' },
  { id: 'p1', parent: null, createdBy: 'leader' },
  { id: 'e1', parent: null, createdBy: 'staff' },
  { id: 'q1', parent: null, createdBy: null },
];

interface TaskSeed extends TaskAccessRow {
  id: string;
  instance: string;
  status: 'open' | 'completed' | 'cancelled';
}

const task = (id: string, instance: string, role: string, more: Partial<TaskSeed> = {}): TaskSeed => ({
  id,
  instance,
  role,
  assignee_id: null,
  unit_id: null,
  position: null,
  completed_by: null,
  status: 'open',
  ...more,
});

const tasks: TaskSeed[] = [
  task('staff-open', 's1', 'staff'),
  task('staff-done', 's1', 'staff', { status: 'completed', completed_by: 'staff' }),
  task('unitA-open', 'a1', 'unit', { unit_id: 'unit-a' }),
  task('unitA-done', 'a1x', 'unit', { unit_id: 'unit-a', status: 'completed', completed_by: 'clerkA' }),
  task('feedback-deputy1', 'a1', 'deputy', { assignee_id: 'deputy1' }),
  task('unitB-open', 's2', 'unit', { unit_id: 'unit-b' }),
  task('returned-deputy2', 's2', 'deputy', { assignee_id: 'deputy2', status: 'cancelled' }),
  task('deputies-open', 'v1', 'deputy'),
  task('deputies-done', 'v1', 'deputy', { status: 'completed', completed_by: 'deputy2' }),
  task('units-any', 'p1', 'unit'),
  task('leader-assigned-deputy1', 'p1', 'leader', { assignee_id: 'deputy1' }),
  task('staff-for-unitB', 'e1', 'staff', { unit_id: 'unit-b' }),
  task('deputy-empty-assignee', 'q1', 'deputy', { assignee_id: '' }),
  task('unit-empty-unit', 'q1', 'unit', { unit_id: '' }),
  task('leader-done-by-clerkA', 'q1', 'leader', { status: 'completed', completed_by: 'clerkA' }),
  // 委托 (migration 035): deputy1's task that deputy2 may act on for them; a unit task delegated to clerkB; a delegate without the task's role.
  task('feedback-delegated-deputy2', 'p1', 'deputy', { assignee_id: 'deputy1', delegate_id: 'deputy2' }),
  task('unitA-delegated-clerkB', 'v1', 'unit', { unit_id: 'unit-a', delegate_id: 'clerkB' }),
  task('staff-delegated-to-deputy1', 'e1', 'staff', { assignee_id: 'leader', delegate_id: 'deputy1' }),
  task('unitA-review', 'a1', 'unit', { unit_id: 'unit-a', position: 'reviewer' }),
  task('unitA-sign', 'a1', 'unit', { unit_id: 'unit-a', position: 'signer' }),
  task('unitA-signed', 'a1x', 'unit', { unit_id: 'unit-a', position: 'signer', status: 'completed', completed_by: 'signerA' }),
  // Both at once: a signer's task delegated to a clerk without the position: the delegate acts for the holder.
  task('unitA-sign-delegated-clerkA', 'a1', 'unit', { unit_id: 'unit-a', position: 'signer', delegate_id: 'clerkA' }),
];

async function seed(db: Kysely<Database>): Promise<void> {
  for (const county of [COUNTY, OTHER]) {
    await sql`insert into regions (id, level, code, name) values (${county}, 'county', ${county}, ${county})`.execute(db);
  }
  await sql`insert into definitions (hash, id, version, package) values ('h1', 'p', '1', '{}'::jsonb)`.execute(db);
  const now = new Date('2025-03-01T08:00:00Z');
  // The other county holds the same ids and names everyone: it must never show.
  for (const county of [COUNTY, OTHER]) {
    for (const i of instances) {
      await sql`insert into instances (county_id, id, definition_id, definition_hash, parent_id, title, state, status, snapshot, version, created_by, created_at, updated_at)
        values (${county}, ${i.id}, 'p', 'h1', ${i.parent}, ${i.id}, 's', 'active', '{"machine":{"context":{}}}'::jsonb, 1, ${i.createdBy}, ${now}, ${now})`.execute(db);
    }
    for (const t of tasks) {
      await sql`insert into tasks (county_id, id, instance_id, key, state_id, role, assignee_id, unit_id, position, title, outcomes, status, completed_by, created_at, delegate_id)
        values (${county}, ${t.id}, ${t.instance}, ${t.id}, 's', ${t.role}, ${t.assignee_id}, ${t.unit_id}, ${t.position}, ${t.id}, '{}'::jsonb, ${t.status}, ${t.completed_by}, ${now}, ${t.delegate_id ?? null})`.execute(db);
    }
  }
}

/** Every task of the instance and of its descendants. */
function treeTasks(id: string): TaskSeed[] {
  const ids = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const i of instances) if (i.parent && ids.has(i.parent) && !ids.has(i.id)) ids.add(i.id), (grew = true);
  }
  return tasks.filter((t) => ids.has(t.instance));
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describeEachDatabase('task access rule', (open) => {
  it('the TypeScript and SQL forms agree on every actor × task and actor × instance', async () => {
    const h = await open();
    try {
      await seed(h.db);
      const taskIds = async (where: ReturnType<typeof mayActSql>) =>
        sorted((await sql<{ id: string }>`select t.id from tasks t where t.county_id = ${COUNTY} and ${where}`.execute(h.db)).rows.map((r) => r.id));
      for (const [name, actor] of Object.entries(actors)) {
        const label = (rule: string) => `${rule} for ${name}`;
        expect(await taskIds(mayActSql(actor, 't')), label('mayAct')).toEqual(sorted(tasks.filter((t) => mayAct(actor, t)).map((t) => t.id)));
        expect(await taskIds(involvesSql(actor, 't')), label('involves')).toEqual(sorted(tasks.filter((t) => involves(actor, t)).map((t) => t.id)));
        expect(await taskIds(maySeeTaskSql(actor, 't')), label('maySeeTask')).toEqual(sorted(tasks.filter((t) => maySeeTask(actor, t)).map((t) => t.id)));

        const seen = sorted(instances.filter((i) => maySeeInstance(actor, { created_by: i.createdBy }, treeTasks(i.id))).map((i) => i.id));
        const seenSql = await sql<{ id: string }>`select i.id from instances i where i.county_id = ${COUNTY} and ${maySeeInstanceSql(actor, 'i')}`.execute(h.db);
        expect(sorted(seenSql.rows.map((r) => r.id)), label('maySeeInstance')).toEqual(seen);
        const seenAmong = await sql<{ id: string }>`select i.id from instances i where i.county_id = ${COUNTY} and ${maySeeInstanceAmongSql(actor, COUNTY, 'i')}`.execute(h.db);
        expect(sorted(seenAmong.rows.map((r) => r.id)), label('maySeeInstance among many')).toEqual(seen);

        // The statements built on the rule: the inbox, the instance list and the instance view.
        const inbox = await selectTasks(h.db, COUNTY, actor, { state: 'open', mine: true, limit: 1000 });
        expect(sorted(inbox.map((t) => t.id)), label('inbox')).toEqual(sorted(tasks.filter((t) => t.status === 'open' && mayAct(actor, t)).map((t) => t.id)));
        const listed = await selectInstances(h.db, COUNTY, actor, { limit: 500, offset: 0 });
        const topLevel = new Set(instances.filter((i) => i.parent === null).map((i) => i.id));
        expect(sorted(listed.map((i) => i.id)), label('instance list')).toEqual(seen.filter((id) => topLevel.has(id)));
        for (const i of instances) {
          const view = await selectInstanceView(h.db, COUNTY, actor, i.id);
          expect(Boolean(view?.readable), label(`instance view of ${i.id}`)).toBe(seen.includes(i.id));
        }
      }
    } finally {
      await h.close();
    }
  }, 180_000);

  it('decides the cases the four old places disagreed on', async () => {
    // Fixed points, so that both forms cannot drift together unnoticed.
    const sees = (actor: Actor, id: string) => maySeeInstance(actor, { created_by: instances.find((i) => i.id === id)?.createdBy ?? null }, treeTasks(id));
    // A unit clerk sees the suggestion whose child process holds their unit's task; not another unit's.
    expect(sees(actors.clerkA!, 's1')).toBe(true);
    expect(sees(actors.clerkB!, 's1')).toBe(false);
    expect(sees(actors.clerkB!, 's2')).toBe(true);
    // A deputy who may act on a role-only task sees its instance; another's suggestion stays hidden.
    expect(sees(actors.deputy1!, 'v1')).toBe(true);
    expect(sees(actors.deputy1!, 's2')).toBe(false);
    // An empty assignee or unit names nobody (the inbox query's reading), not everyone.
    const q1 = tasks.filter((t) => t.instance === 'q1' && t.status === 'open');
    expect(q1.some((t) => mayAct(actors.deputy1!, t) || mayAct(actors.clerkA!, t))).toBe(false);
    // A delegate acts on the task (and so sees its case) while holding the task's role; the holder still may.
    const byId = (id: string) => tasks.find((t) => t.id === id) as TaskSeed;
    expect(mayAct(actors.deputy2!, byId('feedback-delegated-deputy2'))).toBe(true);
    expect(mayAct(actors.deputy1!, byId('feedback-delegated-deputy2'))).toBe(true);
    expect(mayAct(actors.clerkB!, byId('unitA-delegated-clerkB'))).toBe(true);
    expect(mayAct(actors.deputy1!, byId('staff-delegated-to-deputy1'))).toBe(false);
    expect(sees(actors.deputy2!, 'p1')).toBe(true);
    // A position task: only its holders in its unit act; a clerk cannot sign, nor another unit's signer; the unit still sees it.
    const sign = tasks.find((t) => t.id === 'unitA-sign')!;
    expect([actors.clerkA!, actors.signerA!, actors.signerB!].map((a) => mayAct(a, sign))).toEqual([false, true, false]);
    expect(mayAct(actors.signerA!, tasks.find((t) => t.id === 'unitA-review')!)).toBe(true);
    expect(involves(actors.clerkA!, sign)).toBe(true);
    expect(involves(actors.signerB!, sign)).toBe(false);
    // A delegate of a position task acts for the holder without holding the position; another clerk of the unit still may not.
    expect(mayAct(actors.clerkA!, byId('unitA-sign-delegated-clerkA'))).toBe(true);
    expect(mayAct(actors.signerA!, byId('unitA-sign-delegated-clerkA'))).toBe(true);
    expect(mayAct(actors.clerkB!, byId('unitA-sign-delegated-clerkA'))).toBe(false);
    // The office sees everything of its county.
    for (const office of [actors.staff!, actors.leader!, actors.admin!]) expect(instances.every((i) => sees(office, i.id))).toBe(true);
    expect(instances.some((i) => sees(actors.nobody!, i.id))).toBe(false);
  });
});
