/**
 * The pure parts of the year at a glance (issue 14): the months of a period and their three
 * counts (runtime/statistics/monthly.ts) at the zone's month boundaries, the periods offered in
 * words (period.ts periodChoices: the county's terms × sessions, then terms met only in data),
 * and a zero denominator reading —（0/0） in the report's sentences and its unit table.
 */
import { describe, expect, it } from 'vitest';
import { monthlyCounts, monthlyIds, monthOf, type MonthlyRow } from '../../runtime/statistics/monthly.ts';
import { parsePeriod, periodChoices, periodTitle } from '../../runtime/statistics/period.ts';
import { ratio } from '../../runtime/statistics/ratio.ts';
import { buildReport } from '../../runtime/statistics/report.ts';

const ms = (iso: string) => Date.parse(iso);

describe('monthly line', () => {
  it('puts an instant in the month of Beijing time', () => {
    expect(monthOf(ms('2026-03-31T15:59:59Z'))).toBe('2026-03');
    expect(monthOf(ms('2026-03-31T16:00:00Z'))).toBe('2026-04');
    expect(monthOf(ms('2025-12-31T16:00:00Z'))).toBe('2026-01');
  });

  it('counts a year’s twelve months, extends past December, and lists the suggestions behind each number', () => {
    const rows: MonthlyRow[] = [
      { id: 'a', submittedAt: ms('2026-01-05T02:00:00Z'), concludedAt: ms('2026-02-01T02:00:00Z'), answers: [ms('2026-01-20T02:00:00Z')] },
      // Re-handled: two answers in two months; concluded next year.
      { id: 'b', submittedAt: ms('2026-11-30T17:00:00Z'), concludedAt: ms('2027-02-10T02:00:00Z'), answers: [ms('2026-12-20T02:00:00Z'), ms('2027-01-15T02:00:00Z')] },
      // Split between two units answering in the same month: two letters, one suggestion.
      { id: 'c', submittedAt: ms('2026-01-10T02:00:00Z'), concludedAt: null, answers: [ms('2026-01-21T02:00:00Z'), ms('2026-01-22T02:00:00Z')] },
    ];
    const months = monthlyCounts({ kind: 'year', year: 2026 }, rows);
    expect(months.map((m) => m.month)).toEqual([...Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`), '2027-01', '2027-02']);
    const at = (month: string) => months.find((m) => m.month === month);
    expect(at('2026-01')).toEqual({ month: '2026-01', submitted: 2, answered: 3, answeredSuggestions: 2, concluded: 0 });
    expect(at('2026-02')).toMatchObject({ submitted: 0, answered: 0, concluded: 1 });
    expect(at('2026-12')).toMatchObject({ submitted: 1, answered: 1, concluded: 0 }); // b: 2026-12-01 01:00 in Beijing
    expect(at('2027-01')).toMatchObject({ answered: 1, concluded: 0 });
    expect(at('2027-02')).toMatchObject({ concluded: 1 });
    expect(months.reduce((n, m) => n + m.answered, 0)).toBe(5);
    expect(monthlyIds(rows, 'answered', '2026-01')).toEqual(['a', 'c']);
    expect(monthlyIds(rows, 'submitted', '2026-12')).toEqual(['b']);
    expect(monthlyIds(rows, 'concluded', '2026-03')).toEqual([]);
  });

  it('runs a term from its first month with any number to its last, and has no months without rows', () => {
    const rows: MonthlyRow[] = [{ id: 'a', submittedAt: ms('2025-11-05T02:00:00Z'), concludedAt: ms('2026-02-01T02:00:00Z'), answers: [] }];
    expect(monthlyCounts(parsePeriod('term:十八届'), rows).map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthlyCounts(parsePeriod('session:十八届:一次'), [])).toEqual([]);
    expect(monthlyCounts(parsePeriod('year:2026'), [])).toHaveLength(12);
  });
});

describe('periods in words', () => {
  it('offers the years, each term of the table with its sessions and the whole term, then terms met only in data', () => {
    const choices = periodChoices({
      years: [2025, 2026],
      currentYear: 2026,
      terms: [
        { id: '17', name: '十七届' },
        { id: '18', name: '十八届' },
      ],
      sessions: [
        { termId: '17', name: '十七届五次' },
        { termId: '18', name: '一次' },
        { termId: '18', name: '十八届二次' },
      ],
      dataTerms: ['十八届', '十九届'],
      dataSessions: ['一次'],
    });
    expect(choices.map((c) => [c.param, c.title, c.title_en])).toEqual([
      ['year:2026', '2026年', '2026'],
      ['year:2025', '2025年', '2025'],
      ['session:十七届:五次', '十七届五次会议以来', 'Since session 五次 of term 十七届'],
      ['term:十七届', '十七届任期内', 'Whole term 十七届'],
      ['session:十八届:一次', '十八届一次会议以来', 'Since session 一次 of term 十八届'],
      ['session:十八届:二次', '十八届二次会议以来', 'Since session 二次 of term 十八届'],
      ['term:十八届', '十八届任期内', 'Whole term 十八届'],
      ['session:十九届:一次', '十九届一次会议以来', 'Since session 一次 of term 十九届'],
      ['term:十九届', '十九届任期内', 'Whole term 十九届'],
    ]);
    // Every choice is a period the API reads back, named the same.
    for (const c of choices) expect(periodTitle(parsePeriod(c.param)).title).toBe(c.title);
  });
});

describe('a zero denominator in the report', () => {
  it('reads —（0/0） in the sentences and the unit table', () => {
    const rate = (id: string, n: number, d: number) => ({ id, kind: 'rate', title: id, title_en: id, ...ratio(n, d) });
    const count = (id: string, c: number) => ({ id, kind: 'count', title: id, title_en: id, count: c });
    const report = buildReport({
      county: '示范县',
      asOfDate: '2026-12-07',
      view: {
        title: '代表建议办理情况统计',
        period: { param: 'year:2026', title: '2026年', title_en: '2026' },
        metrics: [count('total', 0), count('concludedCount', 0), rate('concludedRate', 0, 0), rate('satisfiedOrBasicRate', 0, 0), rate('answeredOnTimeRate', 0, 0)],
      },
      units: {
        title: '承办单位办理情况',
        columns: [{ id: 'answeredOnTimeRate', kind: 'rate', title: '按时答复率', title_en: 'On time' }],
        rows: [{ unit: { id: 'u', name: '县卫生健康委员会' }, cells: [rate('answeredOnTimeRate', 0, 0)] }],
      },
    });
    const text = report.sections.flatMap((s) => s.paragraphs.map((p) => p.text)).join('');
    expect(text).toContain('办结率—（0/0）');
    expect(text).toContain('满意和基本满意率—（0/0）');
    expect(text).not.toMatch(/—（0\/0）（0\/0）/);
    expect(report.sections.at(-1)?.table?.rows).toEqual([['县卫生健康委员会', '—（0/0）']]);
  });
});
