/**
 * 届次年度 and terms as dates (runtime/statistics/period-dates.ts): the bounds read from a
 * county's terms and sessions tables, the years an annual catalogue counts in them, the words
 * of the title, and a refusal in words naming what the tables lack.
 */
import { describe, expect, it } from 'vitest';
import { dateBounds, datesTitle, lastDay, periodDates, yearsWithin } from '../../runtime/statistics/period-dates.ts';
import { periodChoices, periodTitle } from '../../runtime/statistics/period.ts';

const terms = [
  { id: 't17', name: '十七届', startsOn: null, endsOn: '2021-12-31' },
  { id: 't18', name: '十八届', startsOn: '2022-01-01', endsOn: '2026-12-31' },
  { id: 't19', name: '十九届', startsOn: null, endsOn: null },
];
const sessions = [
  { termId: 't17', name: '十七届五次', heldOn: '2021-01-12' },
  { termId: 't18', name: '十八届一次', heldOn: '2022-01-10' },
  { termId: 't18', name: '二次', heldOn: '2023-01-15' },
  { termId: 't18', name: '十八届三次', heldOn: '2023-12-20' },
  { termId: 't18', name: '十八届四次', heldOn: '2025-01-08' },
  { termId: 't18', name: '十八届五次', heldOn: null },
  { termId: 't19', name: '十九届一次', heldOn: '2027-01-05' },
];

describe('periods by the dates of the terms and sessions tables', () => {
  it('runs a session to the next one, a term to the next term’s start', () => {
    expect(periodDates({ kind: 'session', term: '十八届', session: '一次' }, terms, sessions)).toEqual({ from: '2022-01-10', to: '2023-01-15' });
    expect(periodDates({ kind: 'session', term: '十八届', session: '二次' }, terms, sessions)).toEqual({ from: '2023-01-15', to: '2023-12-20' });
    // The last session of a term runs to the next term's first session.
    expect(periodDates({ kind: 'session', term: '十八届', session: '四次' }, terms, sessions)).toEqual({ from: '2025-01-08', to: '2027-01-05' });
    // The previous term's last session ends where this term starts (its start date).
    expect(periodDates({ kind: 'session', term: '十七届', session: '五次' }, terms, sessions)).toEqual({ from: '2021-01-12', to: '2022-01-01' });
    expect(periodDates({ kind: 'term', term: '十八届' }, terms, sessions)).toEqual({ from: '2022-01-01', to: '2027-01-05' });
    expect(periodDates({ kind: 'term', term: '十七届' }, terms, sessions)).toEqual({ from: '2021-01-12', to: '2022-01-01' });
    // The newest term and its last session run on.
    expect(periodDates({ kind: 'term', term: '十九届' }, terms, sessions)).toEqual({ from: '2027-01-05', to: null });
    // Without a next term, a term's end date (included) ends it.
    expect(periodDates({ kind: 'term', term: '十八届' }, terms.slice(0, 2), sessions.slice(0, 6))).toEqual({ from: '2022-01-01', to: '2027-01-01' });
  });

  it('refuses in words a term or session the tables do not date', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return [(err as { code: string }).code, (err as Error).message];
      }
      return null;
    };
    expect(refused(() => periodDates({ kind: 'session', term: '十八届', session: '五次' }, terms, sessions))).toEqual(['INVALID_QUERY', expect.stringContaining('本县届次表中没有该次会议（十八届五次会议）的日期')]);
    expect(refused(() => periodDates({ kind: 'session', term: '十八届', session: '六次' }, terms, sessions))).toEqual(['INVALID_QUERY', expect.stringContaining('本县届次表中没有十八届六次会议')]);
    expect(refused(() => periodDates({ kind: 'term', term: '二十届' }, terms, sessions))).toEqual(['INVALID_QUERY', expect.stringContaining("the county's terms table has no term 二十届")]);
    expect(refused(() => periodDates({ kind: 'term', term: '十九届' }, terms, []))).toEqual(['INVALID_QUERY', expect.stringContaining('本县届次表中没有十九届的会议日期或起始日期')]);
  });

  it('bounds days in the county’s zone, counts a year by its 1 July, says the dates', () => {
    const b = dateBounds({ from: '2023-01-15', to: '2023-12-20' });
    expect([b.from.toISOString(), b.to.toISOString()]).toEqual(['2023-01-14T16:00:00.000Z', '2023-12-19T16:00:00.000Z']);
    expect(yearsWithin(b)).toEqual({ from: 2023, to: 2024 });
    // A second session in the same year (December) takes no year from the first.
    expect(yearsWithin(dateBounds({ from: '2023-12-20', to: '2025-01-08' }))).toEqual({ from: 2024, to: 2025 });
    expect(yearsWithin(dateBounds({ from: '2022-01-01', to: '2027-01-05' }))).toEqual({ from: 2022, to: 2027 });
    expect(lastDay({ from: '2023-01-15', to: '2023-12-20' })).toBe('2023-12-19');
    expect(lastDay({ from: '2023-01-15', to: null })).toBe('9999-12-31');
    expect(datesTitle({ from: '2023-01-15', to: '2024-01-10' })).toEqual({ title: '（2023年1月—2024年1月）', title_en: ' (Jan 2023 – Jan 2024)' });
    expect(periodTitle({ kind: 'session', term: '十八届', session: '二次' }, { from: '2023-01-15', to: '2023-12-20' }).title).toBe('十八届二次会议以来（2023年1月—2023年12月）');
    expect(periodTitle({ kind: 'term', term: '十九届' }, { from: '2027-01-05', to: null })).toEqual({ title: '十九届任期内（2027年1月起）', title_en: 'Whole term 十九届 (since Jan 2027)' });
    // The chooser's titles stay those of 代表建议 (届次 read from its instances).
    expect(periodChoices({ years: [], currentYear: 2026, terms, sessions, dataTerms: [], dataSessions: [] }).filter((c) => c.kind !== 'year').map((c) => c.title).slice(0, 3)).toEqual(['十七届五次会议以来', '十七届任期内', '十八届一次会议以来']);
  });
});
