/**
 * Rolling a region's figures up from its counties (上级人大, issue 14 "region roll-up"). Pure.
 *
 * Each county's figures are computed first with that county's own catalogue (its overlays:
 * an overlay that changes a population applies in that county before anything is summed), then
 * summed here: counts add up; a rate adds its numerators and its denominators and the
 * percentage is computed again from the two sums (ratio.ts) — never an average of the
 * counties' percentages; a distribution adds each part's numerator (parts by key, in the order
 * first seen; a part a county lacks counts 0 there) and its denominator. A count of distinct
 * handling units adds up too: units belong to one county each. Titles, words and drill queries
 * are the first county's that has the figure; a drill query names no county, so the register
 * of a region lists the instances of every county under it.
 */
import { mean } from './compute.ts';
import { ratio } from './ratio.ts';

/** A figure as runtime/store/statistics.ts answers it (count, rate or distribution, with words and drills). */
export type FigureRecord = Record<string, unknown> & { id: string; kind: string };

interface PartRecord extends Record<string, unknown> {
  key: string;
  numerator: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The sum of one figure over the counties that have it (the first one gives its words). */
export function sumFigure(figures: readonly FigureRecord[]): FigureRecord {
  const first = figures[0];
  if (!first) throw new Error('sumFigure of nothing');
  if (first.kind === 'count') return { ...first, count: figures.reduce((s, f) => s + num(f.count), 0) };
  // A sum adds its sums and the rows added up (sums of 万元 figures rounded as compute.ts does).
  if (first.kind === 'sum') return { ...first, sum: Math.round(figures.reduce((s, f) => s + num(f.sum), 0) * 10_000) / 10_000, count: figures.reduce((s, f) => s + num(f.count), 0) };
  // An average adds the counties' sums and counts and divides again: never an average of averages.
  if (first.kind === 'avg') {
    const numerator = Math.round(figures.reduce((s, f) => s + num(f.numerator), 0) * 10_000) / 10_000;
    const denominator = figures.reduce((s, f) => s + num(f.denominator), 0);
    return { ...first, numerator, denominator, ...mean(numerator, denominator) };
  }
  if (first.kind === 'rate') {
    const r = ratio(figures.reduce((s, f) => s + num(f.numerator), 0), figures.reduce((s, f) => s + num(f.denominator), 0));
    return { ...first, ...r };
  }
  const denominator = figures.reduce((s, f) => s + num(f.denominator), 0);
  const parts = new Map<string, { template: PartRecord; numerator: number }>();
  for (const f of figures) {
    for (const p of (f.parts ?? []) as PartRecord[]) {
      const seen = parts.get(p.key);
      if (seen) seen.numerator += num(p.numerator);
      else parts.set(p.key, { template: p, numerator: num(p.numerator) });
    }
  }
  return { ...first, denominator, parts: [...parts.values()].map(({ template, numerator }) => ({ ...template, ...ratio(numerator, denominator) })) };
}

/**
 * Every figure summed over the counties, in the first county's order, then any figure only a
 * later county has (its overlay added it).
 */
export function sumFigures(perCounty: ReadonlyArray<readonly FigureRecord[]>): FigureRecord[] {
  const order: string[] = [];
  const byId = new Map<string, FigureRecord[]>();
  for (const figures of perCounty) {
    for (const f of figures) {
      const list = byId.get(f.id);
      if (list) list.push(f);
      else {
        byId.set(f.id, [f]);
        order.push(f.id);
      }
    }
  }
  return order.map((id) => sumFigure(byId.get(id) as FigureRecord[]));
}

/** Populations summed the same way: members (`count`), distinct instances and suggestions add up (no instance is in two counties). */
export function sumPopulations<P extends { id: string; count: number; suggestions: number; instances?: number }>(perCounty: ReadonlyArray<readonly P[]>): P[] {
  const order: string[] = [];
  const byId = new Map<string, P>();
  for (const pops of perCounty) {
    for (const p of pops) {
      const seen = byId.get(p.id);
      if (seen) byId.set(p.id, { ...seen, count: seen.count + p.count, suggestions: seen.suggestions + p.suggestions, ...(p.instances !== undefined ? { instances: (seen.instances ?? 0) + p.instances } : {}) });
      else {
        byId.set(p.id, { ...p });
        order.push(p.id);
      }
    }
  }
  return order.map((id) => byId.get(id) as P);
}
