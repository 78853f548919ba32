/**
 * The one rounding rule of published percentages (runtime/statistics/ratio.ts) against the
 * figures DOMAIN §2.11 quotes from Chengdu 2023, and the catalogue's combine rule
 * (runtime/statistics/facts.ts): one result and one satisfaction per suggestion.
 */
import { describe, expect, it } from 'vitest';
import { baseCatalogue } from '../../runtime/store/index.ts';
import { applyCatalogueOverlays, checkCatalogue, type Catalogue } from '../../runtime/statistics/catalogue.ts';
import { factRows, type StoredAssignment } from '../../runtime/statistics/facts.ts';
import { Populations } from '../../runtime/statistics/compute.ts';
import { ratio, rateWithRatio } from '../../runtime/statistics/ratio.ts';

describe('ratio', () => {
  it('prints two decimals rounded half up, trailing zeros dropped, as DOMAIN §2.11 prints Chengdu 2023', () => {
    const cases: Array<[number, number, string, number]> = [
      [667, 670, '99.55%', 99.55],
      [637, 637, '100%', 100],
      [609, 667, '91.3%', 91.3],
      [49, 667, '7.35%', 7.35],
      [9, 667, '1.35%', 1.35],
      [646, 667, '96.85%', 96.85],
      [21, 667, '3.15%', 3.15],
      [580, 670, '86.57%', 86.57],
      [121, 670, '18.06%', 18.06],
      [80, 670, '11.94%', 11.94],
      [79, 670, '11.79%', 11.79],
      [69, 670, '10.3%', 10.3],
      [62, 670, '9.25%', 9.25],
      [259, 670, '38.66%', 38.66],
      [0, 3, '0%', 0],
      [1, 8, '12.5%', 12.5],
      [1, 80000, '0%', 0], // 0.00125 % rounds down
      [1, 20000, '0.01%', 0.01], // 0.005 % is exactly half a hundredth: rounds up
      [1, 20001, '0%', 0], // just under half: rounds down
    ];
    for (const [n, d, display, value] of cases) expect(ratio(n, d), `${n}/${d}`).toEqual({ numerator: n, denominator: d, value, display });
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null, display: '—（0/0）' });
    expect(rateWithRatio(ratio(0, 0))).toBe('—（0/0）');
    expect(rateWithRatio(ratio(4, 5))).toBe('80%（4/5）');
  });
});

describe('catalogue', () => {
  const cat = baseCatalogue('suggestion') as Catalogue;
  const child = (facts: Record<string, unknown>): StoredAssignment => ({ id: `c${Math.random()}`, state: 'finished', overdueNow: false, facts });
  const base = { registeredAt: '2026-03-02', concludedAt: '2026-05-01', origin: 'SESSION' };

  it('is valid and gives a separately handled suggestion the worst result and rating of its units', () => {
    expect(checkCatalogue(cat)).toEqual([]);
    const { suggestion: suggestions = [] } = factRows(cat, [
      { id: 's', state: 'concluded', overdueNow: false, facts: { ...base, answeringRole: 'SEPARATE' }, children: [
        child({ unitId: 'a', result: 'closed', resultCode: 'A', satisfaction: 'SATISFIED', firstSatisfaction: 'UNSATISFIED', rehandleCount: 1 }),
        child({ unitId: 'b', result: 'closed', resultCode: 'B', satisfaction: 'BASIC', firstSatisfaction: 'BASIC', rehandleCount: 0 }),
        child({ unitId: 'c', result: 'returned', resultCode: null, satisfaction: null, firstSatisfaction: null, rehandleCount: 0 }),
      ] },
    ]);
    expect(suggestions[0]).toMatchObject({ result: 'B', satisfaction: 'BASIC', firstSatisfaction: 'UNSATISFIED', feedbackComplete: true, rehandleRounds: 1 });
  });

  it('never rates a suggestion one of whose units closed without feedback', () => {
    const rows = factRows(cat, [
      { id: 's', state: 'concluded', overdueNow: false, facts: { ...base, answeringRole: 'SEPARATE' }, children: [
        child({ unitId: 'a', result: 'closed', resultCode: 'A', satisfaction: 'SATISFIED', firstSatisfaction: 'SATISFIED', rehandleCount: 0 }),
        child({ unitId: 'b', result: 'closedNoFeedback', resultCode: 'A', satisfaction: null, firstSatisfaction: null, rehandleCount: 0 }),
      ] },
    ]);
    expect(rows.suggestion?.[0]).toMatchObject({ result: 'A', satisfaction: null, feedbackComplete: false });
    const pops = new Populations(cat, rows);
    expect(pops.members('concluded')).toHaveLength(1);
    expect(pops.members('concludedWithFeedback')).toHaveLength(0);
    expect(pops.members('satisfiedOrBasic')).toHaveLength(0);
  });

  it('lets an overlay change a population and add a metric', () => {
    const rows = factRows(cat, [{ id: 's', state: 'concluded', overdueNow: false, facts: { ...base, sourceCode: 'CONSTITUENT' }, children: [] }]);
    expect(new Populations(cat, rows).members('fromResearch')).toHaveLength(0);
    const county = applyCatalogueOverlays(cat, [{ populations: { fromResearch: { rule: { in: [{ var: 'sourceCode' }, ['RESEARCH', 'CONSTITUENT']] } } }, metrics: { constituentCount: { kind: 'count', title: '进站收集', title_en: 'From stations', population: 'fromResearch' } } }]);
    expect(checkCatalogue(county)).toEqual([]);
    expect(new Populations(county, rows).members('fromResearch')).toHaveLength(1);
    expect(cat.populations.fromResearch?.rule).not.toEqual(county.populations.fromResearch?.rule); // the base is untouched
  });
});
