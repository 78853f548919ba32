/**
 * From the rows the store reads (runtime/store/sql/statistics-rows.ts: each suggestion's
 * declared facts and its answering units' facts) to the fact rows the populations' rules see.
 * The one place that turns several answering units into ONE result and ONE satisfaction per
 * suggestion, by the catalogue's `combine` orders (documented there): the lead unit's, or the
 * worst of separate units; missing feedback from any unit means no satisfaction at all.
 */
import type { Catalogue } from './catalogue.ts';

export interface StoredAssignment {
  id: string;
  state: string;
  overdueNow: boolean;
  facts: Record<string, unknown>;
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

export function factRows(catalogue: Catalogue, stored: readonly StoredSuggestion[]): { suggestions: FactRow[]; assignments: AssignmentRow[] } {
  const { resultOrder, satisfactionOrder } = catalogue.combine;
  const suggestions: FactRow[] = [];
  const assignments: AssignmentRow[] = [];
  for (const s of stored) {
    // Approved returns are not answers: the unit assigned instead answers.
    const answers = s.children.filter((c) => c.facts.result !== 'returned');
    const row: FactRow = {
      ...s.facts,
      id: s.id,
      state: s.state,
      answers: answers.map((a) => a.facts),
      result: worst(answers.map((a) => a.facts.resultCode), resultOrder),
      feedbackComplete: answers.length > 0 && answers.every((a) => a.facts.result === 'closed'),
      firstSatisfaction: worst(answers.map((a) => a.facts.firstSatisfaction), satisfactionOrder),
      rehandleRounds: answers.reduce((m, a) => Math.max(m, typeof a.facts.rehandleCount === 'number' ? a.facts.rehandleCount : 0), 0),
      overdueNow: s.overdueNow || s.children.some((c) => c.overdueNow),
    };
    row.satisfaction = row.feedbackComplete ? worst(answers.map((a) => a.facts.satisfaction), satisfactionOrder) : null;
    suggestions.push(row);
    for (const c of s.children) assignments.push({ ...c.facts, id: c.id, state: c.state, overdueNow: c.overdueNow, suggestionId: s.id, suggestion: row });
  }
  return { suggestions, assignments };
}
