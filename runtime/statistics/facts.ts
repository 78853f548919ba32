/**
 * From the rows the store reads (runtime/store/sql/statistics-rows.ts: each suggestion's
 * declared facts and its answering units' facts) to the fact rows the populations' rules see.
 * The one place that turns several answering units into ONE result and ONE satisfaction per
 * suggestion, by the catalogue's `combine` orders (documented there): the lead unit's, or the
 * worst of separate units; missing feedback from any unit means no satisfaction at all.
 */
import { isWorkingDay, type HolidayCalendar } from '../engine/index.ts';
import { kindsOf, type Catalogue } from './catalogue.ts';
import { compileRule } from './compiled-logic.ts';

export interface StoredAssignment {
  id: string;
  state: string;
  overdueNow: boolean;
  facts: Record<string, unknown>;
  /** The facts of the instance it started by the catalogue's `linked` link (its 跟踪办理), or null/absent when none. */
  linked?: Record<string, unknown> | null;
}

export interface StoredSuggestion {
  id: string;
  state: string;
  overdueNow: boolean;
  facts: Record<string, unknown>;
  children: StoredAssignment[];
}

export type FactRow = Record<string, unknown> & { id: string };
/** An assignment's fact row: `id` is the child instance, `suggestionId` its suggestion. */
export type AssignmentRow = FactRow & { suggestionId: string; suggestion: FactRow };

/** The worst of the values by `order` (later is worse); null when any is missing or unknown to the order. */
function worst(values: unknown[], order: readonly string[]): string | null {
  if (values.length === 0) return null;
  let at = -1;
  for (const v of values) {
    const i = typeof v === 'string' ? order.indexOf(v) : -1;
    if (i < 0) return null;
    at = Math.max(at, i);
  }
  return order[at] ?? null;
}

/** The rows of each kind (catalogue `kinds`), by kind name. */
export type KindRows = Record<string, FactRow[]>;

/**
 * The fact rows of every kind: the suggestion catalogue's (with `combine`) as below; any other
 * catalogue's by its `kinds` (genericFactRows). Then each kind's computed (`rule`) facts, in
 * declaration order, over the row as it is so far.
 */
export function factRows(catalogue: Catalogue, stored: readonly StoredSuggestion[], calendar?: HolidayCalendar): KindRows {
  let out: KindRows;
  if (catalogue.combine) {
    const { suggestions, assignments } = suggestionFactRows(catalogue, stored);
    out = { suggestion: suggestions, assignment: assignments };
  } else out = genericFactRows(catalogue, stored);
  for (const [kind, facts] of Object.entries(catalogue.facts)) {
    const spans = Object.entries(facts).filter(([, f]) => f.workingDays !== undefined);
    if (spans.length === 0) continue;
    if (!calendar) throw new Error(`the catalogue of ${catalogue.process} counts working days: a calendar is needed`);
    for (const row of out[kind] ?? []) for (const [name, f] of spans) row[name] = workingDaysBetween(calendar, row[f.workingDays!.from], row[f.workingDays!.to]);
  }
  for (const [kind, facts] of Object.entries(catalogue.facts)) {
    // Compiled once per rule (compiled-logic.ts: the same values as json-logic-js, several times faster).
    const rules = Object.entries(facts).filter(([, f]) => f.rule !== undefined).map(([name, f]) => [name, compileRule(f.rule)] as const);
    if (rules.length === 0) continue;
    for (const row of out[kind] ?? []) for (const [name, rule] of rules) row[name] = rule(row) ?? null;
  }
  return out;
}

/** The date (YYYY-MM-DD) of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
function chinaDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Working days from the date of `from` to the date of `to` in the county's calendar: the days
 * after `from`'s date up to and including `to`'s date that are working days (transferred on a
 * Monday and replied the Wednesday after: 2; the same day: 0). null when either is missing or
 * `to` is before `from`. Spans over ten years are not counted (null): no real reply takes that long.
 */
export function workingDaysBetween(calendar: HolidayCalendar, from: unknown, to: unknown): number | null {
  const a = chinaDate(from);
  const b = chinaDate(to);
  if (a === null || b === null || b < a) return null;
  let n = 0;
  let day = Date.parse(`${a}T00:00:00Z`);
  const end = Date.parse(`${b}T00:00:00Z`);
  if (end - day > 3660 * 86_400_000) return null;
  while (day < end) {
    day += 86_400_000;
    if (isWorkingDay(calendar, new Date(day).toISOString().slice(0, 10))) n++;
  }
  return n;
}

/**
 * A catalogue without `combine`: one row per instance (its facts, state, overdueNow and
 * `children`, the number of its child rows); one row per child instance (`parent`: the
 * instance's row; `registerId`: the child itself when the catalogue's child figures drill into
 * the child's register, else the parent); or one row per entry of the instance's list fact
 * (`kinds.list`), with each join's matching entry under its `as` and `parent`, drilling to the
 * instance.
 */
export function genericFactRows(catalogue: Catalogue, stored: readonly StoredSuggestion[]): KindRows {
  const k = kindsOf(catalogue);
  const instances: FactRow[] = [];
  const children: FactRow[] = [];
  for (const s of stored) {
    const row: FactRow = { ...s.facts, id: s.id, state: s.state, overdueNow: s.overdueNow || s.children.some((c) => c.overdueNow), children: 0 };
    instances.push(row);
    if (k.child) {
      for (const c of s.children) children.push({ ...c.facts, id: c.id, state: c.state, overdueNow: c.overdueNow, parent: row, registerId: catalogue.childRegister ? c.id : s.id });
      row.children = s.children.length;
    } else if (k.list) {
      const list = s.facts[k.list.fact];
      const entries = Array.isArray(list) ? (list as unknown[]).filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e)) : [];
      for (const e of entries) {
        const key = e[k.list.key];
        const entry: FactRow = { ...e, id: `${s.id}:${String(key)}`, parent: row, registerId: s.id };
        for (const j of k.list.join ?? []) {
          const [head, ...rest] = j.fact.split('.');
          let other: unknown = s.facts[head as string];
          for (const r of rest) other = other !== null && typeof other === 'object' && !Array.isArray(other) ? (other as Record<string, unknown>)[r] : undefined;
          entry[j.as] = Array.isArray(other) ? ((other as unknown[]).find((o) => o !== null && typeof o === 'object' && (o as Record<string, unknown>)[j.key] === key) ?? null) : null;
        }
        children.push(entry);
      }
      row.children = entries.length;
    }
  }
  const childKind = k.child ?? k.list?.kind;
  return { [k.instance]: instances, ...(childKind ? { [childKind]: children } : {}) };
}

/** The instance a row stands for in the register: a child's own (childRegister) or its parent's; an instance's own. */
export function registerIdOf(r: FactRow): string {
  return typeof r.registerId === 'string' ? r.registerId : 'suggestionId' in r ? (r.suggestionId as string) : r.id;
}

/** A child row's linked facts (catalogue `linked`): each declared one (null without a linked instance) and `followedUp`. */
function linkedFacts(catalogue: Catalogue, c: StoredAssignment): Record<string, unknown> {
  if (!catalogue.linked) return {};
  const names = Object.keys(catalogue.facts[catalogue.linked.kind] ?? {});
  const own = c.linked ?? null;
  return { ...Object.fromEntries(names.map((n) => [n, own?.[n] ?? null])), followedUp: own !== null };
}

function suggestionFactRows(catalogue: Catalogue, stored: readonly StoredSuggestion[]): { suggestions: FactRow[]; assignments: AssignmentRow[] } {
  const { resultOrder, satisfactionOrder, revisedFact } = catalogue.combine as NonNullable<Catalogue['combine']>;
  const suggestions: FactRow[] = [];
  const assignments: AssignmentRow[] = [];
  for (const s of stored) {
    // Approved returns are not answers: the unit assigned instead answers.
    // A suggestion merged into another (并案) has no units of its own: its answers are the main
    // suggestion's units as its own lead deputy rated them (mergedAnswers).
    const answers = s.children.length === 0 && typeof s.facts.mergedInto === 'string' ? mergedAnswers(s.facts) : s.children.filter((c) => c.facts.result !== 'returned');
    const row: FactRow = {
      ...s.facts,
      id: s.id,
      state: s.state,
      answers: answers.map((a) => a.facts),
      result: worst(answers.map((a) => a.facts.resultCode), resultOrder),
      // The result as revised after follow-up (combine.revisedFact, a linked fact): each unit's revised category, else its answered one.
      resultAfterFollowUp: worst(answers.map((a) => (revisedFact !== undefined ? a.linked?.[revisedFact] ?? null : null) ?? a.facts.resultCode), resultOrder),
      feedbackComplete: answers.length > 0 && answers.every((a) => a.facts.result === 'closed'),
      firstSatisfaction: worst(answers.map((a) => a.facts.firstSatisfaction), satisfactionOrder),
      rehandleRounds: answers.reduce((m, a) => Math.max(m, typeof a.facts.rehandleCount === 'number' ? a.facts.rehandleCount : 0), 0),
      overdueNow: s.overdueNow || s.children.some((c) => c.overdueNow),
    };
    row.satisfaction = row.feedbackComplete ? worst(answers.map((a) => a.facts.satisfaction), satisfactionOrder) : null;
    row.processSatisfaction = row.feedbackComplete ? worst(answers.map((a) => a.facts.processSatisfaction), satisfactionOrder) : null;
    suggestions.push(row);
    for (const c of s.children) assignments.push({ ...c.facts, ...linkedFacts(catalogue, c), id: c.id, state: c.state, overdueNow: c.overdueNow, suggestionId: s.id, suggestion: row });
  }
  return { suggestions, assignments };
}

/**
 * The answers of a suggestion merged into another (并案), as if its own: one per answering unit
 * of the main suggestion (mergedFinalRounds, "unit#round", given when the main concluded), with
 * that unit's result category and this suggestion's lead deputy's rating of the unit's last round
 * (closed: rated; closedNoFeedback: not rated in the last round) and of its first round.
 * Before the main concludes there are none.
 */
function mergedAnswers(facts: Record<string, unknown>): StoredAssignment[] {
  const finals = Array.isArray(facts.mergedFinalRounds) ? facts.mergedFinalRounds : [];
  const results = Array.isArray(facts.mergedFinalResults) ? facts.mergedFinalResults : [];
  const ratings = (Array.isArray(facts.mergedRatings) ? facts.mergedRatings : []).filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r));
  return finals.map((key, i) => {
    const text = typeof key === 'string' ? key : '';
    const cut = text.lastIndexOf('#');
    const unitId = text.slice(0, cut);
    const round = Number(text.slice(cut + 1));
    const ofUnit = ratings.filter((r) => r.unitId === unitId);
    const last = [...ofUnit].reverse().find((r) => r.round === round);
    const first = ofUnit.find((r) => r.round === 0);
    return {
      id: `${unitId}#merged`,
      state: 'finished',
      overdueNow: false,
      facts: {
        unitId,
        resultCode: results[i] ?? null,
        result: last ? 'closed' : 'closedNoFeedback',
        satisfaction: last?.resultSatisfaction ?? null,
        processSatisfaction: last?.processSatisfaction ?? null,
        firstSatisfaction: first?.resultSatisfaction ?? null,
        rehandleCount: Number.isFinite(round) ? round : 0,
      },
    };
  });
}
