/**
 * The statistics projection (statistics_facts, migration 022; runtime/store/statistics-projection.ts)
 * after a year driven through the engine (the small sample year: 20 suggestions, their
 * answering units, timers fired; 4 steps at a time on PostgreSQL): every row equals what the
 * instance's snapshot gives (the pure extractor and the SQL back-fill alike), and the rows the
 * figures read from it equal the rows read from the snapshots (sql/statistics-rows.ts) for
 * every catalogue. A step whose transaction fails, or whose version check fails, writes no
 * projection row. On PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { readPackages } from '../../runtime/definition-files.ts';
import { loadScenario, seedScenario } from '../../runtime/scenario/index.ts';
import { currentDefinition } from '../../runtime/store/county-definitions.ts';
import { createRuntime, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { fillProjection } from '../../runtime/store/sql/statistics-projection-fill.ts';
import { selectStatisticsRows, type FactPath } from '../../runtime/store/sql/statistics-rows.ts';
import { writeStepRows } from '../../runtime/store/sql/step-write.ts';
import { baseCatalogues } from '../../runtime/store/statistics-catalogues.ts';
import { projectedKeys, projectedStatistics, projectionOf } from '../../runtime/store/statistics-projection.ts';
import { countsByDates } from '../../runtime/store/statistics-period-dates.ts';
import { periodFilter } from '../../runtime/store/statistics.ts';
import { createInstance } from '../../runtime/store/step-writer.ts';
import { kindsOf, type Catalogue, type FactSource } from '../../runtime/statistics/catalogue.ts';
import { extractFacts } from '../../runtime/statistics/projection.ts';
import { databases, type TestHandle } from '../support/databases.ts';

type Row = { instance_id: string; definition_id: string; parent_id: string | null; created_at: string; state: string; facts: Record<string, unknown> };

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
const iso = (v: unknown) => new Date(v as string).toISOString();

async function projectionRows(h: TestHandle, countyId: string): Promise<Row[]> {
  const r = await sql<Row>`select instance_id, definition_id, parent_id, created_at, state, facts from statistics_facts where county_id = ${countyId} order by instance_id`.execute(h.db);
  return r.rows.map((x) => ({ ...x, created_at: iso(x.created_at), facts: json(x.facts) }));
}

const readFacts = (facts: Record<string, FactSource> | undefined): Record<string, FactPath> =>
  Object.fromEntries(Object.entries(facts ?? {}).filter(([, f]) => f.path !== undefined).map(([n, f]) => [n, { path: f.path as string, ...(f.as ? { as: f.as } : {}) }]));

describe.each(databases)('the statistics projection on $name', ({ name, open }) => {
  let h: TestHandle | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('equals a recomputation from the snapshots after a driven year, and the figures read the same rows from it', async () => {
    h = await open();
    const db = h.db;
    await seedDemo(db);
    const summary = await seedScenario(db, loadScenario('sample-small'), { concurrency: name === 'postgres' ? 4 : 1 });
    const countyId = summary.countyId;

    // From the snapshots, with the pure extractor (what every step wrote).
    const keys = projectedKeys();
    const instances = (
      await sql<{ id: string; definition_id: string; parent_id: string | null; created_at: string; state: string; snapshot: unknown }>`
        select id, definition_id, parent_id, created_at, state, snapshot from instances where county_id = ${countyId} order by id`.execute(db)
    ).rows.filter((i) => keys.has(i.definition_id));
    expect(instances.length).toBeGreaterThanOrEqual(40);
    const expected: Row[] = instances.map((i) => ({
      instance_id: i.id,
      definition_id: i.definition_id,
      parent_id: i.parent_id,
      created_at: iso(i.created_at),
      state: i.state,
      facts: extractFacts(keys.get(i.definition_id) as string[], (json(i.snapshot).machine as Record<string, unknown>).context),
    }));
    const written = await projectionRows(h, countyId);
    expect(written).toEqual(expected);
    // The serial numbers the step statements took are in the instances (and so would be in any fact reading them).
    expect(instances.filter((i) => i.definition_id === 'suggestion')).toHaveLength(20);

    // The back-fill (SQL `#>` over the snapshots) writes the very same rows.
    for (const [definitionId, k] of keys) await fillProjection(db, definitionId, k);
    expect(await projectionRows(h, countyId)).toEqual(expected);

    // Every catalogue: the rows the figures get from the projection are the snapshot statement's.
    const now = new Date('2023-12-20T00:00:00Z');
    for (const cat of baseCatalogues()) {
      const k = kindsOf(cat);
      // Calendar years; and a session's and a term's dates (the filter of a catalogue counting 届次年度 and terms by dates;
      // 代表建议's rows, the only ones of this year, split by a session held in the middle of it).
      const dated = countsByDates(cat, { kind: 'term', term: '十八届' }) || cat.process === 'suggestion'
        ? [
            { key: 'session', filter: periodFilter(cat, { kind: 'session', term: '十八届', session: '一次' }, { from: '2023-01-10', to: '2023-06-15' }) },
            { key: 'term', filter: periodFilter(cat, { kind: 'term', term: '十八届' }, { from: '2022-12-30', to: null }) },
          ]
        : [];
      for (const { key: year, filter } of [...[2023, 2024].map((y) => ({ key: String(y), filter: periodFilter(cat, { kind: 'year', year: y }) })), ...dated]) {
        const fromSnapshots = await selectStatisticsRows(db, {
          countyId,
          definitionId: cat.process,
          childDefinitionId: k.child !== undefined && cat.child !== undefined ? cat.child : '',
          facts: readFacts(cat.facts[k.instance]),
          childFacts: k.child !== undefined ? readFacts(cat.facts[k.child]) : {},
          ...(cat.linked ? { linked: { definitionId: cat.linked.process, key: cat.linked.key, facts: readFacts(cat.facts[cat.linked.kind]) } } : {}),
          period: filter,
          now,
        });
        // Each instance's stored row as its own piece (the projection's fact rows are made per instance), all of them in order.
        const fromProjection = await projectedStatistics(db, { countyId, catalogue: cat, period: `test:${year}`, filter, now }, (stored) => ({ stored: stored as never[] }), (rows) => rows.stored);
        expect(fromProjection, `${cat.process} ${year}`).toEqual(fromSnapshots);
        if (cat.process === 'suggestion' && year === '2023') expect(fromSnapshots).toHaveLength(20);
        if (cat.process === 'suggestion' && year === 'session') expect(fromSnapshots.length).toBeGreaterThan(0);
        if (cat.process === 'suggestion' && year === 'session') expect(fromSnapshots.length).toBeLessThan(20);
        if (cat.process === 'suggestion' && year === 'term') expect(fromSnapshots).toHaveLength(20);
      }
    }

    // A county overlay reading a path no catalogue file reads is not served from the projection.
    const suggestion = baseCatalogues().find((c) => c.process === 'suggestion') as Catalogue;
    const other: Catalogue = { ...suggestion, facts: { ...suggestion.facts, suggestion: { ...suggestion.facts.suggestion, extra: { path: 'context.notProjected' } } } };
    expect(await projectedStatistics(db, { countyId, catalogue: other, period: 'year:2023', filter: periodFilter(other, { kind: 'year', year: 2023 }), now }, (s) => ({ stored: s as never[] }), (rows) => rows.stored)).toBeUndefined();
  }, 300_000);

  it('writes no projection row for a step that fails', async () => {
    h = await open();
    const db = h.db;
    await seedDemo(db);
    const clock = new SimulatedClock('2026-03-02T01:00:00Z');
    const rt = createRuntime({ clock });
    await rt.registry.registerFiles(db, readPackages());
    const def = await currentDefinition(db, rt, 'demo', 'suggestion');
    const actor = { id: 'deputy1', roles: ['DEPUTY'] };
    const input = { title: '关于增设公交站点的建议', origin: 'SESSION', sourceCode: 'RESEARCH' };
    let inside: string | undefined;
    // The step's statement writes the row; the transaction then fails and nothing of it stays.
    await expect(
      db.transaction().execute(async (trx) => {
        const { id } = await createInstance({ trx, rt, countyId: 'demo', depth: 0, emitted: [] }, def, input, actor, null);
        inside = id;
        const seen = await sql<{ n: number }>`select count(*)::int as n from statistics_facts where county_id = 'demo' and instance_id = ${id}`.execute(trx);
        expect(seen.rows[0]?.n).toBe(1);
        throw new Error('the step fails after its statement');
      }),
    ).rejects.toThrow('the step fails after its statement');
    expect(inside).toBeDefined();
    const after = await sql<{ n: number }>`select count(*)::int as n from statistics_facts where county_id = 'demo' and instance_id = ${inside as string}`.execute(db);
    expect(after.rows[0]?.n).toBe(0);

    // A step whose version check fails (another writer came first) writes nothing either.
    const { id } = await db.transaction().execute((trx) => createInstance({ trx, rt, countyId: 'demo', depth: 0, emitted: [] }, def, input, actor, null));
    const before = await projectionRows(h, 'demo');
    const row = (await sql<{ snapshot: unknown; state: string }>`select snapshot, state from instances where county_id = 'demo' and id = ${id}`.execute(db)).rows[0];
    const snapshot = json(row?.snapshot) as never;
    const stale = await writeStepRows(db, {
      countyId: 'demo',
      instanceId: id,
      fromVersion: 7,
      snapshot,
      state: 'elsewhere',
      status: 'active',
      title: 't',
      from: row?.state as string,
      event: { type: 'NOTHING' },
      actor,
      effects: [],
      now: clock.now(),
      newId: rt.newId,
      projection: { ...(projectionOf('suggestion', snapshot) as NonNullable<ReturnType<typeof projectionOf>>), facts: { changed: true } },
    });
    expect(stale).toBeUndefined();
    expect(await projectionRows(h, 'demo')).toEqual(before);
    expect(before.find((r) => r.instance_id === id)?.definition_id).toBe('suggestion');
  }, 120_000);
});
