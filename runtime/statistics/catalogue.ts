/**
 * A process's statistics catalogue (definitions/<process>/metrics.json, shaped by
 * definitions/metrics.schema.json): the facts read from the store, the named populations (each
 * a JSON Logic rule over one fact row) and the metrics over them. Pure: no I/O; the Node side
 * reads the file (runtime/store/statistics.ts) and the checker checks it
 * (runtime/tools/check-definitions.ts).
 *
 * A county changes its catalogue with an RFC 7396 merge patch, the same operation as a process
 * overlay (runtime/engine/overlay.ts): populations and metrics are objects keyed by id, so a
 * patch can replace one population's rule, add a metric or drop one (null), and a region's
 * patch applies to its counties (base + province + city + county). Categories need no patch:
 * distribution parts take their labels from the county's effective forms.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mergePatch } from '../engine/index.ts';
import { unknownOperators } from '../engine/logic.ts';
import schema from '../../definitions/metrics.schema.json' with { type: 'json' };

export type FactKind = 'suggestion' | 'assignment';

export interface FactSource {
  path: string;
  as?: 'value' | 'length';
  description?: string;
}

interface Titled {
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
}

export interface Population extends Titled {
  of: FactKind;
  within?: string;
  rule: unknown;
  reads: { facts?: string[]; events?: string[] };
}

export interface MetricLabels {
  process: string;
  form: string;
  field: string;
}

export interface Metric extends Titled {
  kind: 'count' | 'rate' | 'distribution';
  population?: string;
  distinct?: string;
  numerator?: string;
  denominator?: string;
  by?: string;
  labels?: MetricLabels;
  values?: string[];
  valueTitles?: Record<string, Titled>;
}

export interface Catalogue {
  process: string;
  /** The child process whose instances are the assignments (facts.assignment). */
  child: string;
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
  combine: Titled & { resultOrder: string[]; satisfactionOrder: string[] };
  facts: { suggestion: Record<string, FactSource>; assignment: Record<string, FactSource> };
  populations: Record<string, Population>;
  metrics: Record<string, Metric>;
  summary?: string[];
  unitTable: Titled & { by: string; columns: string[] };
}

/** Facts every suggestion row has besides the declared ones (runtime/statistics/facts.ts derives them). */
export const DERIVED_SUGGESTION_FACTS = ['state', 'result', 'satisfaction', 'firstSatisfaction', 'feedbackComplete', 'rehandleRounds', 'overdueNow', 'answers'] as const;
/** Facts every assignment row has besides the declared ones. */
export const DERIVED_ASSIGNMENT_FACTS = ['state', 'overdueNow', 'suggestion'] as const;

export interface CatalogueProblem {
  pointer: string;
  message: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateShape = ajv.compile(schema);

/**
 * Every problem of a catalogue: its shape (the JSON Schema), then its references — a
 * population's `within` and a metric's populations name populations (of the right kind), a
 * rule uses only JSON Logic operators, `by`/`distinct`/`unitTable.by` name facts, every
 * summary and unit-table column names a metric (unit-table columns over assignments only).
 * `knownEvents`: event types of the processes (a `reads.events` entry must be one).
 */
export function checkCatalogue(value: unknown, knownEvents?: ReadonlySet<string>): CatalogueProblem[] {
  if (!validateShape(value)) {
    return (validateShape.errors ?? []).map((e) => ({ pointer: e.instancePath || '/', message: `${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}` }));
  }
  const c = value as unknown as Catalogue;
  const out: CatalogueProblem[] = [];
  const facts = (kind: FactKind): Set<string> =>
    new Set([...Object.keys(c.facts[kind]), ...(kind === 'suggestion' ? DERIVED_SUGGESTION_FACTS : DERIVED_ASSIGNMENT_FACTS)]);
  const allFacts = new Set([...facts('suggestion'), ...facts('assignment')]);
  for (const [id, p] of Object.entries(c.populations)) {
    const at = `/populations/${id}`;
    if (p.within !== undefined) {
      const parent = c.populations[p.within];
      if (!parent) out.push({ pointer: `${at}/within`, message: `no population "${p.within}"` });
      else if (parent.of !== p.of) out.push({ pointer: `${at}/within`, message: `"${p.within}" is a population of ${parent.of}, not of ${p.of}` });
    }
    for (const op of unknownOperators(p.rule)) out.push({ pointer: `${at}/rule`, message: `unknown JSON Logic operator ${op}` });
    for (const f of p.reads.facts ?? []) if (!allFacts.has(f)) out.push({ pointer: `${at}/reads/facts`, message: `no fact "${f}"` });
    if (knownEvents) for (const e of p.reads.events ?? []) if (!knownEvents.has(e)) out.push({ pointer: `${at}/reads/events`, message: `no event "${e}" in the processes` });
  }
  // A cycle of `within` would never end.
  for (const id of Object.keys(c.populations)) {
    const seen = new Set<string>();
    for (let cur: string | undefined = id; cur !== undefined; cur = c.populations[cur]?.within) {
      if (seen.has(cur)) {
        out.push({ pointer: `/populations/${id}/within`, message: 'the populations it narrows come back to it' });
        break;
      }
      seen.add(cur);
    }
  }
  const pop = (pointer: string, id: string | undefined): Population | undefined => {
    const p = id === undefined ? undefined : c.populations[id];
    if (!p) out.push({ pointer, message: `no population "${String(id)}"` });
    return p;
  };
  for (const [id, m] of Object.entries(c.metrics)) {
    const at = `/metrics/${id}`;
    if (m.kind === 'count') {
      const p = pop(`${at}/population`, m.population);
      if (p && m.distinct !== undefined && !facts(p.of).has(m.distinct)) out.push({ pointer: `${at}/distinct`, message: `no ${p.of} fact "${m.distinct}"` });
    } else if (m.kind === 'rate') {
      const n = pop(`${at}/numerator`, m.numerator);
      const d = pop(`${at}/denominator`, m.denominator);
      if (n && d && n.of !== d.of) out.push({ pointer: at, message: 'numerator and denominator count different things' });
    } else {
      const p = pop(`${at}/population`, m.population);
      const d = pop(`${at}/denominator`, m.denominator);
      if (p && d && p.of !== d.of) out.push({ pointer: at, message: 'population and denominator count different things' });
      if (p && m.by !== undefined && !facts(p.of).has(m.by)) out.push({ pointer: `${at}/by`, message: `no ${p.of} fact "${m.by}"` });
    }
  }
  for (const [i, id] of (c.summary ?? []).entries()) if (!c.metrics[id]) out.push({ pointer: `/summary/${i}`, message: `no metric "${id}"` });
  if (!facts('assignment').has(c.unitTable.by)) out.push({ pointer: '/unitTable/by', message: `no assignment fact "${c.unitTable.by}"` });
  for (const [i, id] of c.unitTable.columns.entries()) {
    const m = c.metrics[id];
    if (!m) {
      out.push({ pointer: `/unitTable/columns/${i}`, message: `no metric "${id}"` });
      continue;
    }
    const first = c.populations[m.population ?? m.numerator ?? ''];
    if (first && first.of !== 'assignment') out.push({ pointer: `/unitTable/columns/${i}`, message: `"${id}" counts suggestions; a unit's column counts its assignments` });
  }
  return out;
}

/** The catalogue a region sees: the base with each level's merge patch applied in order (province, city, county). */
export function applyCatalogueOverlays(base: Catalogue, patches: readonly unknown[]): Catalogue {
  let out: unknown = base;
  for (const patch of patches) out = mergePatch(out, patch);
  return out as Catalogue;
}
