/**
 * The Chengdu 2023 sample year (scenarios/chengdu-2023.json), seeded through the engine, reaches
 * the published figures of DOMAIN.md §2.10–2.11 exactly. The figures are read from the
 * instances by year-figures.ts; once the statistics API exists, compare its answers here too.
 *
 * The year is 670 suggestions and 6,170 engine steps: on the shared 2-core box 2–3 min on PGlite
 * (45 s of CPU) and ~1 min on PostgreSQL, where it runs 8 steps of different suggestions at a
 * time as `npm run seed` does there (so the batched path is proved to reach the same year).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, seedScenario } from '../../runtime/scenario/index.ts';
import { databases } from '../support/databases.ts';
import { yearFigures } from './year-figures.ts';

describe.each(databases)('the Chengdu 2023 sample year on $name', ({ name, open }) => {
  it('reaches the published distribution: 670 = 637 + 33, 101 units, 667 concluded, A/B/C 609/49/9, 646/21/0', async () => {
    const handle = await open();
    try {
      const summary = await seedScenario(handle.db, loadScenario('chengdu-2023'), { concurrency: name === 'postgres' ? 8 : 1 });
      const f = await yearFigures(handle.db, summary.countyId);

      expect(f.total).toBe(670);
      expect(f.byOrigin).toEqual({ SESSION: 637, RECESS: 33 });
      expect(f.answeringUnits).toBe(101);
      // §2.10: the five published categories, and the other 259 over the categories chosen in the scenario.
      expect(f.byCategory).toMatchObject({
        EDU_SCI_CULT_HEALTH_SPORT: 121,
        TRANSPORT_POST_TELECOM: 80,
        AGRI_FOREST_WATER: 79,
        INDUSTRY_ECONOMY: 69,
        URBAN_RURAL_CONSTRUCTION: 62,
      });
      const five = 121 + 80 + 79 + 69 + 62;
      expect(Object.values(f.byCategory).reduce((n, v) => n + v, 0) - five).toBe(259);
      const research = ['RESEARCH', 'INSPECTION', 'GROUP_ACTIVITY', 'VISIT'].reduce((n, k) => n + (f.bySource[k] ?? 0), 0);
      expect(research).toBe(580);
      expect(f.concluded).toBe(667);
      expect(f.concludedByOrigin).toEqual({ SESSION: 637, RECESS: 30 });
      expect(f.inHandling.map((x) => x.origin)).toEqual(['RECESS', 'RECESS', 'RECESS']);
      expect(f.inHandling.every((x) => x.state === 'inHandling')).toBe(true);
      expect(f.results).toEqual({ A: 609, B: 49, C: 9 });
      expect(f.satisfaction).toEqual({ SATISFIED: 646, BASIC: 21 });
      // 29 key items in 8 themes, 8 of them led by government leaders (as far as supervisionLevel records it).
      expect(f.bySupervisionLevel).toEqual({ GENERAL: 641, KEY_CHAIR: 21, KEY_GOV_LEADER: 8 });
      expect(new Set(f.serialNos).size).toBe(670);
      expect(f.rehandled).toBe(6);
      expect(summary.timersFired).toBeGreaterThanOrEqual(40 + 5);
    } finally {
      await handle.close();
    }
  }, 900_000);
});
