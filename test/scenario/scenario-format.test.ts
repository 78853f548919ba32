import { describe, expect, it } from 'vitest';
import { expandScenario, loadScenario, scenarioProblems, type Scenario } from '../../runtime/scenario/index.ts';
import { parseArgs } from '../../runtime/scenario/main.ts';

const RESEARCH = ['RESEARCH', 'INSPECTION', 'GROUP_ACTIVITY', 'VISIT'];

function counts<T>(list: readonly T[], key: (x: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) {
    const k = key(x) ?? 'null';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('scenario files and their expansion', () => {
  it.each(['sample-small', 'chengdu-2023'])('%s checks against the schema and its own counts', (name) => {
    const s = loadScenario(name);
    expect(scenarioProblems(s)).toEqual([]);
  });

  it('expands the same seed to the same suggestions, and another seed to others', () => {
    const s = loadScenario('sample-small');
    const a = expandScenario(s);
    const b = expandScenario(structuredClone(s));
    expect(b).toEqual(a);
    const other = expandScenario({ ...s, seed: s.seed + 1 });
    expect(other.suggestions.map((x) => x.title)).not.toEqual(a.suggestions.map((x) => x.title));
  });

  it.each(['sample-small', 'chengdu-2023'])('%s expands to exactly its declared counts', (name) => {
    const s = loadScenario(name);
    const { suggestions: items, deputies } = expandScenario(s);
    const total = s.categories.reduce((n, c) => n + c.count, 0);
    expect(items).toHaveLength(total);
    expect(counts(items, (x) => x.categoryCode)).toEqual(Object.fromEntries(s.categories.filter((c) => c.count > 0).map((c) => [c.code, c.count])));
    expect(counts(items, (x) => x.origin)).toEqual(s.origin);
    expect(counts(items, (x) => x.sourceCode)).toEqual(Object.fromEntries(Object.entries(s.sources).filter(([, n]) => n > 0)));
    expect(new Set(items.map((x) => x.leadUnitId)).size).toBe(s.units.length);
    const concluded = items.filter((x) => !x.inHandling);
    expect(counts(items.filter((x) => x.inHandling), (x) => x.origin)).toEqual(Object.fromEntries(Object.entries(s.outcome.inHandling).filter(([, n]) => (n ?? 0) > 0)));
    expect(counts(concluded, (x) => x.resultCode)).toEqual(Object.fromEntries(Object.entries(s.outcome.results).filter(([, n]) => n > 0)));
    expect(counts(concluded, (x) => x.satisfaction)).toEqual(Object.fromEntries(Object.entries(s.outcome.satisfaction).filter(([, n]) => (n ?? 0) > 0)));
    expect(items.filter((x) => x.rehandled)).toHaveLength(s.outcome.rehandled ?? 0);
    expect(items.filter((x) => x.autoAccepted)).toHaveLength(s.outcome.autoAccepted ?? 0);
    expect(items.filter((x) => x.assistUnitIds.length > 0)).toHaveLength(s.outcome.leadAssist ?? 0);
    expect(items.filter((x) => x.silentUnitId !== null)).toHaveLength(s.outcome.silentAssist ?? 0);
    const themes = s.keySupervision?.themes ?? [];
    expect(items.filter((x) => x.keyTheme !== null)).toHaveLength(themes.reduce((n, t) => n + t.count, 0));
    expect(items.filter((x) => x.supervisionLevel === 'KEY_GOV_LEADER')).toHaveLength(themes.reduce((n, t) => n + (t.govLeaderLed ?? 0), 0));
    expect(new Set(items.map((x) => x.title)).size).toBe(total);
    expect(items.every((x) => x.title.length <= 60 && x.title.startsWith('关于') && x.title.endsWith('的建议'))).toBe(true);
    expect(deputies.length).toBe(s.delegations.reduce((n, g) => n + (typeof g.deputies === 'number' ? g.deputies : g.deputies.length), 0));
    expect(new Set(deputies.map((d) => d.name)).size).toBe(deputies.length);
    // Dates: in the year, in order; session items assigned at the meeting; concluded ones end by yearEnd.
    const yearEnd = Date.parse(`${s.dates.yearEnd}T23:59:59+08:00`);
    for (const x of items) {
      const at = x.steps.map((st) => Date.parse(st.at));
      expect(at).toEqual([...at].sort((p, q) => p - q));
      expect(Math.max(...at)).toBeLessThanOrEqual(yearEnd);
      expect(x.steps[0]?.kind).toBe('submit');
      expect(x.steps.filter((st) => st.kind === 'feedback')).toHaveLength(x.inHandling ? 0 : x.rehandled ? 2 : 1);
      if (x.origin === 'SESSION') expect(x.steps.find((st) => st.kind === 'approve')?.at.slice(0, 10)).toBe(s.dates.assignmentMeeting);
    }
    if (name === 'chengdu-2023') {
      expect(items.filter((x) => RESEARCH.includes(x.sourceCode))).toHaveLength(580);
      expect(concluded).toHaveLength(667);
      // 基本满意 goes to the weakest results first: every C and a part of B.
      expect(concluded.filter((x) => x.satisfaction === 'BASIC').map((x) => x.resultCode).sort().join('')).toBe('B'.repeat(12) + 'C'.repeat(9));
    }
  });

  it('lists every problem of a scenario whose counts do not add up', () => {
    const s = loadScenario('sample-small');
    const bad: Scenario = structuredClone(s);
    bad.outcome.results = { A: 1, B: 1 };
    bad.sources = { RESEARCH: 1 };
    bad.units[0] = { ...bad.units[0]!, categories: ['NO_SUCH_CATEGORY'] };
    const problems = scenarioProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'source counts add up to 1, expected 20',
        'result counts add up to 2, expected 19',
        'unit unit-education names unknown category NO_SUCH_CATEGORY',
      ]),
    );
    expect(scenarioProblems({ ...s, seed: -1, bogus: true }).join('\n')).toMatch(/seed[\s\S]*bogus|bogus[\s\S]*seed/);
    expect(() => loadScenario('no-such-scenario')).toThrow(/no file/);
  });

  it('reads the seed command line and the database from the environment like npm start', () => {
    expect(parseArgs(['--scenario', 'chengdu-2023'], {})).toEqual({ scenario: 'chengdu-2023', dataDir: './data' });
    expect(parseArgs(['--scenario', 'x', '--database-url', 'postgres://a/b'], { DATA_DIR: '/d' })).toEqual({ scenario: 'x', databaseUrl: 'postgres://a/b', dataDir: '/d' });
    expect(parseArgs(['--scenario', 'x'], { DATABASE_URL: 'postgres://e/f' })).toEqual({ scenario: 'x', databaseUrl: 'postgres://e/f', dataDir: './data' });
    expect(() => parseArgs([], {})).toThrow(/usage/);
    expect(() => parseArgs(['--scenario'], {})).toThrow(/needs a value/);
    expect(parseArgs(['--scenario', 'x', '--concurrency', '4'], {}).concurrency).toBe(4);
    expect(() => parseArgs(['--scenario', 'x', '--concurrency', '0'], {})).toThrow(/1–64/);
  });
});
