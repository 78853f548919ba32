/**
 * The Chengdu 2023 sample year (scenarios/chengdu-2023.json), seeded through the engine, and the
 * statistics API's answer compared with every published figure of DOMAIN.md §2.10–2.11 (source
 * S1): numerators, denominators and the percentages as the report prints them (99.55 %, 91.3 %,
 * 96.85 % …). year-figures.ts reads the same year straight from the instances, so a wrong
 * figure says whether the seeding or the statistics are at fault.
 *
 * The year is 670 suggestions and 6,170 engine steps: ~1 min on PostgreSQL, where it runs 8
 * steps of different suggestions at a time as `npm run seed` does there, and 2–3 min on PGlite
 * (45 s of CPU). It runs once, on PostgreSQL where the suite has it (always in CI) and on PGlite
 * otherwise: test/scenario/sample-year.test.ts plays a small year on both, and
 * test/api/statistics.test.ts holds the two databases to the same figures.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, seedScenario } from '../../runtime/scenario/index.ts';
import { databases } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';
import { yearFigures } from './year-figures.ts';

const database = databases.find((d) => d.name === 'postgres') ?? databases[0]!;

interface Part {
  key: string;
  title: string;
  numerator: number;
  denominator: number;
  display: string;
}
interface Metric {
  id: string;
  kind: string;
  count?: number;
  numerator?: number;
  denominator?: number;
  display?: string;
  parts?: Part[];
}

describe(`the Chengdu 2023 sample year on ${database.name}`, () => {
  it('the statistics API gives the published figures to the digit: 670 = 637 + 33, 101 units, 办结 667 (99.55%), A/B/C 609/49/9, 满意 646 / 基本满意 21 / 不满意 0', async () => {
    const handle = await database.open();
    try {
      const w = await workApp(handle, '2024-01-15T02:00:00Z');
      const summary = await seedScenario(handle.db, loadScenario('chengdu-2023'), { concurrency: database.name === 'postgres' ? 8 : 1 });

      // What the engine wrote, read straight from the instances.
      const f = await yearFigures(handle.db, summary.countyId);
      expect(f.total).toBe(670);
      expect(f.byOrigin).toEqual({ SESSION: 637, RECESS: 33 });
      expect(f.inHandling.map((x) => x.origin)).toEqual(['RECESS', 'RECESS', 'RECESS']);
      expect(new Set(f.serialNos).size).toBe(670);
      expect(f.rehandled).toBe(6);
      expect(summary.timersFired).toBeGreaterThanOrEqual(40 + 5);

      // What the office reads: GET /api/statistics/suggestion for the year.
      const token = await w.login('staff', summary.countyCode);
      const r = await w.call(token, 'GET', '/statistics/suggestion?period=year:2023');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const metrics = new Map((r.body.metrics as Metric[]).map((m) => [m.id, m]));
      const m = (id: string): Metric => {
        const x = metrics.get(id);
        if (!x) throw new Error(`no metric ${id}`);
        return x;
      };
      const rate = (id: string) => [m(id).numerator, m(id).denominator, m(id).display];
      const parts = (id: string) => Object.fromEntries(m(id).parts!.map((p) => [p.key, [p.numerator, p.denominator, p.display]]));

      expect(m('total').count).toBe(670);
      expect(m('sessionCount').count).toBe(637);
      expect(m('recessCount').count).toBe(33);
      expect(m('handlingUnits').count).toBe(101);
      expect(m('concludedCount').count).toBe(667);
      expect(rate('concludedRate')).toEqual([667, 670, '99.55%']);
      expect(rate('concludedRateSession')).toEqual([637, 637, '100%']);
      expect(rate('concludedRateRecess')).toEqual([30, 33, '90.91%']);
      expect(m('inHandlingCount').count).toBe(3);
      // §2.10: the five published categories over all submitted (670), and the other 259.
      const categories = parts('byCategory');
      expect(categories).toMatchObject({
        EDU_SCI_CULT_HEALTH_SPORT: [121, 670, '18.06%'],
        TRANSPORT_POST_TELECOM: [80, 670, '11.94%'],
        AGRI_FOREST_WATER: [79, 670, '11.79%'],
        INDUSTRY_ECONOMY: [69, 670, '10.3%'],
        URBAN_RURAL_CONSTRUCTION: [62, 670, '9.25%'],
      });
      const five = ['EDU_SCI_CULT_HEALTH_SPORT', 'TRANSPORT_POST_TELECOM', 'AGRI_FOREST_WATER', 'INDUSTRY_ECONOMY', 'URBAN_RURAL_CONSTRUCTION'];
      expect(Object.entries(categories).filter(([k]) => !five.includes(k)).reduce((n, [, v]) => n + (v[0] as number), 0)).toBe(259);
      expect(rate('fromResearchRate')).toEqual([580, 670, '86.57%']);
      // Results and satisfaction over the concluded (667).
      expect(parts('results')).toMatchObject({ A: [609, 667, '91.3%'], B: [49, 667, '7.35%'], C: [9, 667, '1.35%'] });
      expect(parts('satisfaction')).toMatchObject({ SATISFIED: [646, 667, '96.85%'], BASIC: [21, 667, '3.15%'] });
      expect(parts('satisfaction').UNSATISFIED?.[0] ?? 0).toBe(0);
      expect(m('noFeedbackCount').count).toBe(0);
      // 重点督办: 29 items (21 chair-led, 8 led by government leaders — the themes have no field yet).
      expect(m('keySupervisedCount').count).toBe(29);
      // The register behind a figure lists exactly its suggestions (drill-down).
      const drill = (m('concludedRate') as unknown as { drill: { numerator: string } }).drill.numerator;
      const list = await w.call(token, 'GET', `${drill.replace(/^\/api/, '')}&limit=1`);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.total).toBe(667);
    } finally {
      await handle.close();
    }
  }, 900_000);
});
