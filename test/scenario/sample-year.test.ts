import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, seedScenario } from '../../runtime/scenario/index.ts';
import { getInstanceView, seedDemo } from '../../runtime/store/index.ts';
import { createRuntime } from '../../runtime/store/runtime.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { yearFigures } from './year-figures.ts';

describe.each(databases)('a small sample year seeded through the engine on $name', ({ name, open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('reaches the declared figures beside the demo county, with timers fired on the simulated clock', async () => {
    handle = await open();
    const db = handle.db;
    await seedDemo(db);
    const s = loadScenario('sample-small');
    // On PostgreSQL steps of different suggestions run 4 at a time (the batched path).
    const summary = await seedScenario(db, s, { concurrency: name === 'postgres' ? 4 : 1 });
    expect(summary).toMatchObject({ countyId: 'sample-small', suggestions: 20 });
    expect(summary.rate).toBeGreaterThan(0);

    const f = await yearFigures(db, summary.countyId);
    expect(f.total).toBe(20);
    expect(f.byOrigin).toEqual({ SESSION: 16, RECESS: 4 });
    expect(f.answeringUnits).toBe(6);
    expect(f.byCategory).toEqual({ EDU_SCI_CULT_HEALTH_SPORT: 6, TRANSPORT_POST_TELECOM: 4, AGRI_FOREST_WATER: 4, URBAN_RURAL_CONSTRUCTION: 4, OTHER: 2 });
    expect(f.bySource).toEqual({ RESEARCH: 6, INSPECTION: 3, GROUP_ACTIVITY: 3, VISIT: 4, CONSTITUENT: 3, OTHER: 1 });
    expect(f.concluded).toBe(19);
    expect(f.concludedByOrigin).toEqual({ SESSION: 16, RECESS: 3 });
    expect(f.inHandling).toEqual([{ origin: 'RECESS', state: 'inHandling.reassignment.none' }]);
    expect(f.results).toEqual({ A: 15, B: 3, C: 1 });
    expect(f.satisfaction).toEqual({ SATISFIED: 17, BASIC: 2 });
    expect(f.rehandled).toBe(1);
    expect(f.bySupervisionLevel).toEqual({ GENERAL: 18, KEY_CHAIR: 1, KEY_GOV_LEADER: 1 });
    expect(f.serialNos).toEqual([...Array.from({ length: 16 }, (_, i) => `十八届二次-${String(i + 1).padStart(4, '0')}`), ...[1, 2, 3, 4].map((n) => `十八届二次闭会-000${n}`)].sort());

    // The timers did their part: two assignments accepted when the return window closed, one
    // lead unit answered after the assist period ran out without the silent unit's opinion.
    const children = (
      await sql<{ ctx: Record<string, unknown> | string }>`
        select snapshot->'machine'->'context' as ctx from instances where county_id = ${summary.countyId} and definition_id = 'suggestion-assignment'`.execute(db)
    ).rows.map((r) => (typeof r.ctx === 'string' ? JSON.parse(r.ctx) : r.ctx) as Record<string, unknown>);
    expect(children.filter((c) => c.autoAccepted === true)).toHaveLength(2);
    expect(children.filter((c) => (c.assistUnitIds as string[]).length > (c.assistOpinions as unknown[]).length)).toHaveLength(1);
    expect(summary.timersFired).toBeGreaterThanOrEqual(3);

    // Every suggestion's history starts with the deputy's submission and was written by the
    // engine step by step, dated in 2023 (the simulated clock).
    const events = (
      await sql<{ seq: number; type: string; actor_id: string | null; at: Date | string }>`
        select e.seq, e.type, e.actor_id, e.at from instance_events e join instances i on i.county_id = e.county_id and i.id = e.instance_id
        where i.county_id = ${summary.countyId} and i.parent_id is null and i.definition_id = 'suggestion' order by e.instance_id, e.seq`.execute(db)
    ).rows;
    expect(events.filter((e) => e.seq === 1).map((e) => e.type)).toEqual(Array(20).fill('started'));
    expect(events.every((e) => new Date(e.at).getUTCFullYear() === 2023)).toBe(true);
    const one = await sql<{ id: string }>`select id from instances where county_id = ${summary.countyId} and parent_id is null and snapshot->'machine'->'context'->>'serialNo' = '十八届二次-0001'`.execute(db);
    const view = await getInstanceView(db, createRuntime(), summary.countyId, { id: 'sample-small-staff', roles: ['staff'] }, one.rows[0]!.id);
    // (task.remind: the reminder timer before the 30-day assignment period ends, when it fired first.)
    expect(view.history.map((h) => h.type).filter((t) => t !== 'task.remind').slice(0, 4)).toEqual(['started', 'ACCEPT', 'PROPOSE_ASSIGNMENT', 'APPROVE_ASSIGNMENT']);

    // The demo county is untouched, and a second seed of the same county writes nothing.
    const demo = await sql<{ n: number }>`select count(*)::int as n from instances where county_id = 'demo'`.execute(db);
    expect(demo.rows[0]?.n).toBe(0);
    const before = await sql<{ n: number }>`select count(*)::int as n from instances`.execute(db);
    await expect(seedScenario(db, s)).rejects.toThrow(/county sample-small already exists; nothing was written/);
    const after = await sql<{ n: number }>`select count(*)::int as n from instances`.execute(db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  }, 180_000);
});
