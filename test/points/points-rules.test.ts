/**
 * The pure points core: the default table checks and covers DOMAIN §7.5 with words for every
 * code; an overlay may change values but not triggers; triggers fire on entering a state, once,
 * with the deputies the context names; the ranking equals an independent computation on
 * random tables (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awardsOf, baseRules, checkOverlay, checkRules, effectiveRules, inState, mayAward, quarterRange, rankDeputies, type RankInput } from '../../runtime/points/index.ts';

describe('point rules', () => {
  it('ships the §7.5 table, every code with zh and en titles and a unit in words', () => {
    const rules = baseRules();
    expect(checkRules(rules)).toEqual([]);
    for (const code of ['SESSION_ATTEND_DAY', 'SESSION_LEAVE_HALFDAY', 'SESSION_ABSENT_UNEXCUSED', 'SUGGESTION_SUBMITTED', 'SUGGESTION_COSIGNED', 'SUGGESTION_KEY', 'MOTION_SUBMITTED', 'SC_ACTIVITY', 'SC_MEETING_ATTEND', 'STATION_RECEPTION', 'GRID_VISIT', 'TRAINING', 'GROUP_ACTIVITY', 'REPORT_TO_VOTERS', 'CHARITY', 'COMMENDATION', 'VIOLATION']) {
      const r = rules.rules[code]!;
      expect([r.title.length > 0, r.title_en.length > 0, Boolean(rules.units[r.unit])], code).toEqual([true, true, true]);
    }
    expect([rules.rules.SUGGESTION_SUBMITTED!.points, rules.rules.STATION_RECEPTION!.points, rules.rules.SESSION_LEAVE_HALFDAY!.points]).toEqual([3, 5, -1]);
  });

  it('merges an overlay that changes values, and refuses one that adds a trigger or breaks the shape', () => {
    const base = baseRules();
    const changed = effectiveRules(base, [{ rules: { STATION_RECEPTION: { points: 3 }, CHARITY: null } }]);
    expect([changed.rules.STATION_RECEPTION!.points, changed.rules.CHARITY, base.rules.STATION_RECEPTION!.points]).toEqual([3, undefined, 5]);
    expect(checkOverlay(base, { rules: { TRAINING: { auto: [] } } }).map((p) => p.code)).toEqual(['AUTO_IN_OVERLAY']);
    expect(checkOverlay(base, { rules: { SUGGESTION_SUBMITTED: { points: 4 } } })).toEqual([]);
    expect(checkRules(effectiveRules(base, [{ rules: { TRAINING: { points: 1.5 } } }])).map((p) => p.code)).toContain('RULES_SCHEMA');
    expect(checkRules(effectiveRules(base, [{ rules: { TRAINING: { unit: 'WEEK' } } }])).map((p) => p.code)).toEqual(['UNKNOWN_UNIT']);
    expect(checkRules(base, new Map([['suggestion', new Set(['draft'])]])).map((p) => p.code)).toContain('UNKNOWN_STATE');
  });

  it('fires a trigger when the step enters its state, with the deputies the context names', () => {
    const rules = baseRules();
    const context = { leadDeputyId: 'd1', coSignerIds: ['d2', 'd3', 'd2', 7], supervisionLevel: 'KEY_CHAIR' };
    const registered = awardsOf(rules, { process: 'suggestion', event: 'ACCEPT', from: 'screening', to: 'registered', context });
    expect(registered.map((a) => [a.code, a.deputyIds])).toEqual([['SUGGESTION_SUBMITTED', ['d1']], ['SUGGESTION_COSIGNED', ['d2', 'd3']]]);
    expect(awardsOf(rules, { process: 'suggestion', event: 'X', from: 'registered', to: 'registered', context })).toEqual([]);
    expect(awardsOf(rules, { process: 'suggestion', event: 'APPROVE_ASSIGNMENT', from: 'assignmentProposed', to: 'inHandling.main', context }).map((a) => a.code)).toEqual(['SUGGESTION_KEY']);
    expect(awardsOf(rules, { process: 'suggestion', event: 'APPROVE_ASSIGNMENT', from: 'assignmentProposed', to: 'inHandling', context: { ...context, supervisionLevel: 'GENERAL' } })).toEqual([]);
    expect(awardsOf(rules, { process: 'livelihood-vote', event: 'BALLOT_CLOSED', from: 'voting', to: 'decided', context: {} }).map((a) => [a.code, a.deputyIds])).toEqual([['BALLOT_ATTENDED', 'ballotVoters']]);
    expect([mayAward('suggestion', 'ACCEPT', 'screening', 'registered'), mayAward('suggestion', 'SUBMIT', 'draft', 'screening'), mayAward('evaluation', 'X', 'a', 'b')]).toEqual([true, false, false]);
    expect([inState('a.b, c', 'a'), inState('ab', 'a'), inState('x, c.d', 'c.d')]).toEqual([true, false, true]);
  });

  it('ranks as an independent computation: rank = 1 + those with strictly more, within county, delegation and group', () => {
    const row = fc.record({ points: fc.integer({ min: -20, max: 40 }), delegation: fc.constantFrom(null, 'A', 'B'), group: fc.constantFrom(null, 'g1', 'g2', 'g3') });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (list) => {
        const rows: RankInput[] = list.map((r, i) => ({ deputyId: `d${i}`, name: `代表${i}`, entries: 1, ...r }));
        const ranked = rankDeputies(rows);
        const above = (r: RankInput, peers: RankInput[]) => 1 + peers.filter((p) => p.points > r.points).length;
        for (const r of ranked) {
          const src = rows.find((x) => x.deputyId === r.deputyId)!;
          expect(r.rank).toBe(above(src, rows));
          expect(r.delegationRank).toBe(src.delegation === null ? null : above(src, rows.filter((p) => p.delegation === src.delegation)));
          expect(r.groupRank).toBe(src.group === null ? null : above(src, rows.filter((p) => p.group === src.group)));
        }
        expect(ranked.map((r) => r.rank)).toEqual([...ranked.map((r) => r.rank)].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
    expect([quarterRange(2026, 1), quarterRange(2024, 1).to, quarterRange(2026, 4).to]).toEqual([{ from: '2026-01-01', to: '2026-03-31' }, '2024-03-31', '2026-12-31']);
  });
});
