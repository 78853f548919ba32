/**
 * Interpreting a catalogue over fact rows: populations (memoised, each `within` its parent),
 * then each metric as a count, a rate or a distribution — every rate with its numerator and
 * denominator (ratio.ts) and every number with the drill-down that lists exactly the
 * instances behind it (`drillIds`: the suggestions; a child row's parent, or the child itself
 * when the catalogue's child figures drill into the child's register). Pure.
 */
import { truthy } from '../engine/logic.ts';
import type { Catalogue, Metric, Population } from './catalogue.ts';
import { compileRule } from './compiled-logic.ts';
import { registerIdOf, type FactRow } from './facts.ts';
import { ratio, type Ratio } from './ratio.ts';

/** The fact rows of each kind of row, by kind name (runtime/statistics/facts.ts). */
export type Rows = Readonly<Record<string, readonly FactRow[]>>;

/** Which part of a metric a drill-down opens. */
export interface DrillPart {
  metric: string;
  part: 'numerator' | 'denominator';
  /** A distribution's part (its `by` value; '' for rows without one). */
  item?: string;
}

export interface Option {
  value: string;
  title: string;
  title_en: string;
}

export interface CountFigure {
  id: string;
  kind: 'count';
  count: number;
  /** Null for a count of distinct values (handling units): no list of suggestions is that number. */
  drill: DrillPart | null;
}

export interface RateFigure extends Ratio {
  id: string;
  kind: 'rate';
  drill: { numerator: DrillPart; denominator: DrillPart };
}

export interface DistributionPart extends Ratio {
  key: string;
  title: string;
  title_en: string;
  drill: { numerator: DrillPart; denominator: DrillPart };
}

export interface DistributionFigure {
  id: string;
  kind: 'distribution';
  denominator: number;
  parts: DistributionPart[];
  drill: { denominator: DrillPart };
}

/** A sum of a numeric fact over a population (e.g. ideas collected over the year's votes, investment over projects). */
export interface SumFigure {
  id: string;
  kind: 'sum';
  sum: number;
  /** How many rows were added up. */
  count: number;
  drill: DrillPart;
}

/**
 * The mean of a numeric fact over the rows of a population that have it (e.g. working days from
 * transfer to reply over the replied issues): answered like a rate, {numerator: the sum,
 * denominator: how many rows have the fact, value: the mean to two decimals (half up), null
 * over no rows}, so a region adds numerators and denominators and divides again.
 */
export interface AvgFigure {
  id: string;
  kind: 'avg';
  numerator: number;
  denominator: number;
  value: number | null;
  /** "4.5"; "—" over no rows. */
  display: string;
  drill: DrillPart;
}

export type Figure = CountFigure | SumFigure | RateFigure | DistributionFigure | AvgFigure;

/** The mean of a sum over a count, two decimals half up ("—" over none); the one rule for avg figures here and in the region's roll-up. */
export function mean(sum: number, count: number): { value: number | null; display: string } {
  if (count === 0) return { value: null, display: '—' };
  const value = Math.round((sum / count) * 100 + Number.EPSILON * 100) / 100;
  return { value, display: String(value) };
}

const numeric = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The sum of a fact over rows; a missing or non-numeric value adds 0. Rounded to 4 decimals (sums of 万元 figures). */
function sumOf(rows: readonly FactRow[], fact: string): number {
  let total = 0;
  for (const r of rows) {
    const v = r[fact];
    if (typeof v === 'number' && Number.isFinite(v)) total += v;
  }
  return Math.round(total * 10_000) / 10_000;
}

export class Populations {
  private readonly memo = new Map<string, readonly FactRow[]>();
  constructor(
    private readonly catalogue: Catalogue,
    private readonly rows: Rows,
  ) {}

  population(id: string): Population {
    const p = this.catalogue.populations[id];
    if (!p) throw new Error(`no population "${id}"`);
    return p;
  }

  members(id: string): readonly FactRow[] {
    const hit = this.memo.get(id);
    if (hit) return hit;
    const p = this.population(id);
    const from: readonly FactRow[] = p.within !== undefined ? this.members(p.within) : (this.rows[p.of] ?? []);
    const rule = compileRule(p.rule);
    const out = from.filter((row) => truthy(rule(row)));
    this.memo.set(id, out);
    return out;
  }
}

const key = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The parts of a distribution in order: the labelled options, then `values`, then any other value met (sorted). */
function partKeys(m: Metric, members: readonly FactRow[], options: readonly Option[] | undefined): string[] {
  const keys = [...(options ?? []).map((o) => o.value), ...(m.values ?? [])];
  const met = [...new Set(members.map((r) => key(r[m.by as string])))].filter((k) => !keys.includes(k)).sort();
  return [...new Set([...keys, ...met])];
}

function partTitle(m: Metric, k: string, options: readonly Option[] | undefined): { title: string; title_en: string } {
  const o = options?.find((x) => x.value === k);
  if (o) return { title: o.title, title_en: o.title_en };
  const t = m.valueTitles?.[k];
  if (t) return { title: t.title, title_en: t.title_en };
  if (k === '') return { title: '未填', title_en: '(none)' };
  return { title: k, title_en: k };
}

/** One metric's figure. `options`: the labels of a distribution's values (from the county's forms). */
export function figure(pops: Populations, catalogue: Catalogue, id: string, options?: readonly Option[]): Figure {
  const m = catalogue.metrics[id];
  if (!m) throw new Error(`no metric "${id}"`);
  const part = (p: 'numerator' | 'denominator', item?: string): DrillPart => ({ metric: id, part: p, ...(item !== undefined ? { item } : {}) });
  if (m.kind === 'count') {
    const members = pops.members(m.population as string);
    if (m.distinct !== undefined) return { id, kind: 'count', count: new Set(members.map((r) => key(r[m.distinct as string])).filter((k) => k !== '')).size, drill: null };
    return { id, kind: 'count', count: members.length, drill: part('numerator') };
  }
  if (m.kind === 'sum') {
    const members = pops.members(m.population as string);
    return { id, kind: 'sum', sum: sumOf(members, m.field as string), count: members.length, drill: part('numerator') };
  }
  if (m.kind === 'avg') {
    const members = pops.members(m.population as string).filter((r) => numeric(r[m.field as string]));
    const sum = sumOf(members, m.field as string);
    return { id, kind: 'avg', numerator: sum, denominator: members.length, ...mean(sum, members.length), drill: part('numerator') };
  }
  if (m.kind === 'rate') {
    const n = pops.members(m.numerator as string);
    const d = pops.members(m.denominator as string);
    const num = m.numeratorSum !== undefined ? sumOf(n, m.numeratorSum) : n.length;
    const den = m.denominatorSum !== undefined ? sumOf(d, m.denominatorSum) : d.length;
    return { id, kind: 'rate', ...ratio(num, den), drill: { numerator: part('numerator'), denominator: part('denominator') } };
  }
  const members = pops.members(m.population as string);
  const denominator = pops.members(m.denominator as string).length;
  const parts = partKeys(m, members, options).map((k): DistributionPart => ({
    key: k,
    ...partTitle(m, k, options),
    ...ratio(members.filter((r) => key(r[m.by as string]) === k).length, denominator),
    drill: { numerator: part('numerator', k), denominator: part('denominator') },
  }));
  return { id, kind: 'distribution', denominator, parts, drill: { denominator: part('denominator') } };
}

/**
 * The suggestions behind one number: the members of the population the part names (for an
 * assignment population, the suggestions of its members), narrowed to a distribution's item.
 */
export function drillIds(pops: Populations, catalogue: Catalogue, d: DrillPart): string[] {
  return [...new Set(drillMembers(pops, catalogue, d).map(registerIdOf))];
}

/** The rows behind one number (drillIds's rows, before they become register instances): a table catalogue lists them as they are. */
export function drillMembers(pops: Populations, catalogue: Catalogue, d: DrillPart): readonly FactRow[] {
  const m = catalogue.metrics[d.metric];
  if (!m) throw new Error(`no metric "${d.metric}"`);
  const popId = m.kind === 'rate' ? (d.part === 'numerator' ? m.numerator : m.denominator) : m.kind === 'count' || m.kind === 'sum' || m.kind === 'avg' ? m.population : d.part === 'numerator' ? m.population : m.denominator;
  let members = pops.members(popId as string);
  // An average lists the rows it averaged (those with the fact): as many as its denominator.
  if (m.kind === 'avg') members = members.filter((r) => numeric(r[m.field as string]));
  if (m.kind === 'distribution' && d.part === 'numerator') members = members.filter((r) => key(r[m.by as string]) === (d.item ?? ''));
  return members;
}
