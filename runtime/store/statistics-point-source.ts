/**
 * The rows of the deputies' duty statistics (catalogue source `point-entries`,
 * definitions/deputy-points/metrics.json): the county's active deputies with their confirmed
 * entries of the year, with each entry's rule in words (the county's rules). Read by
 * statistics.ts; the list behind a number is statistics-points.ts.
 */
import type { Kysely } from 'kysely';
import type { StoredSuggestion } from '../statistics/facts.ts';
import { countyRules } from './point-rules.ts';
import { satisfactionMarks } from './report-back.ts';
import type { Database } from './schema.ts';
import { selectReportBackTallies } from './sql/report-back-tallies.ts';
import { selectPointStatisticsRows } from './sql/statistics-point-rows.ts';

/**
 * The deputies of the county and their confirmed entries dated in the period's days (YYYY-MM-DD,
 * both included: a year, or a session's or term's dates), as the catalogue's stored rows; with
 * each deputy's report-backs of their term (DOMAIN §7.7: meetings held, the voters' 满意 marks and
 * all marks), which the term owes whatever period is chosen.
 */
export async function pointStatisticsRows(db: Kysely<Database>, countyId: string, days: { from: string; to: string }): Promise<StoredSuggestion[]> {
  const { rules } = await countyRules(db, countyId);
  const rows = await selectPointStatisticsRows(db, countyId, days.from, days.to);
  const tallies = new Map((await selectReportBackTallies(db, countyId)).map((r) => [r.deputy_id, r]));
  return rows.map((d) => {
    const points = d.entries.reduce((s, e) => s + Number(e.points), 0);
    const tally = tallies.get(d.deputy_id);
    const voters = satisfactionMarks(Array.isArray(tally?.results) ? tally.results : []);
    return {
      id: d.deputy_id,
      state: 'active',
      overdueNow: false,
      facts: {
        deputyId: d.deputy_id,
        name: d.name,
        delegation: d.delegation,
        points,
        entries: d.entries.length,
        reportBacks: Number(tally?.held ?? 0),
        reportBackMarks: voters.marks,
        reportBackSatisfied: voters.satisfied,
      },
      children: d.entries.map((e) => {
        const rule = Object.hasOwn(rules.rules, e.rule_code) ? rules.rules[e.rule_code] : undefined;
        return {
          id: e.id,
          state: e.state,
          overdueNow: false,
          facts: { entryId: e.id, deputyId: d.deputy_id, ruleCode: e.rule_code, ruleTitle: rule?.title ?? e.rule_code, ruleTitleEn: rule?.title_en ?? e.rule_code, source: e.source, occurredOn: e.occurred_on, quantity: Number(e.quantity), points: Number(e.points) },
        };
      }),
    };
  });
}
