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

/** A kind of row a population counts: the names `kinds` gives (suggestion and assignment by default). */
export type FactKind = string;

export interface FactSource {
  /** A context path read by the store; or `rule`, a fact computed over the row's other facts. */
  path?: string;
  as?: 'value' | 'length';
  rule?: unknown;
  /** Working days between two instant facts of the row (the county's calendar; runtime/statistics/facts.ts). */
  workingDays?: { from: string; to: string };
  description?: string;
}

/** The kinds of row (catalogue `kinds`): the process's instances, its child process's instances, the entries of a list fact. */
export interface Kinds {
  instance: string;
  child?: string;
  list?: { kind: string; fact: string; key: string; join?: Array<{ fact: string; key: string; as: string }> };
}

/** A catalogue's linked process (catalogue `linked`): its facts join the child rows. */
export interface LinkedSource {
  kind: string;
  process: string;
  key: string;
  by: string;
}

/** Facts every child row of a catalogue with `linked` has besides the linked ones: whether its instance started a linked one. */
export const DERIVED_LINKED_FACTS = ['followedUp'] as const;

/** Which instance facts place an instance in a period (catalogue `period`). */
export interface PeriodFacts {
  year: { fact: string; as: 'instant' | 'year' };
  term?: string;
  session?: string;
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
  kind: 'count' | 'sum' | 'rate' | 'distribution' | 'avg';
  population?: string;
  /** sum: the numeric fact added up; avg: the numeric fact averaged. */
  field?: string;
  /** rate: add up these facts over the numerator / denominator instead of counting. */
  numeratorSum?: string;
  denominatorSum?: string;
  distinct?: string;
  numerator?: string;
  denominator?: string;
  by?: string;
  labels?: MetricLabels;
  values?: string[];
  valueTitles?: Record<string, Titled>;
}

/** Where a catalogue's rows come from (catalogue `source`): instances (default) or the county's deputies and their point entries. */
export type RowSource = 'instances' | 'point-entries';

/** Catalogues whose rows are not a process's instances (source point-entries), by their directory under definitions/. */
export const TABLE_CATALOGUES = ['deputy-points'] as const;

export interface Catalogue {
  process: string;
  /** Default instances; point-entries: deputies and their point entries (runtime/store/statistics-points.ts). */
  source?: RowSource;
  /** The child process whose instances are the rows of kind `kinds.child` (代表建议: the assignments). */
  child?: string;
  /** Default (代表建议): instance suggestion, child assignment. */
  kinds?: Kinds;
  /** A child row's figures drill into the child process's register instead of the parent's. */
  childRegister?: boolean;
  /** Default (代表建议): submittedAt, termNo, sessionNo. */
  period?: PeriodFacts;
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
  /** 代表建议 only: how several answering units make one result (runtime/statistics/facts.ts). */
  combine?: Titled & { resultOrder: string[]; satisfactionOrder: string[]; revisedFact?: string };
  /**
   * The instances of another process each child row's instance started (a unit's handling → its
   * 跟踪办理, by the link `key`), read as facts of the child row (`facts[kind]`); `by`: the
   * linked instance's context path holding the child's id.
   */
  linked?: LinkedSource;
  facts: Record<string, Record<string, FactSource>>;
  populations: Record<string, Population>;
  metrics: Record<string, Metric>;
  summary?: string[];
  /** `urges`: a 催办次数 column after `columns`, from the tasks of the unit's rows (runtime/store/statistics.ts). */
  unitTable?: Titled & { by: string; columns: string[]; population?: string; urges?: boolean };
}

/** The catalogue's kinds of row, with the default of the suggestion catalogue. */
export function kindsOf(c: Pick<Catalogue, 'kinds'>): Kinds {
  return c.kinds ?? { instance: 'suggestion', child: 'assignment' };
}

/** The child kind of a catalogue (a child process's instances or a list's entries), if any. */
export function childKindOf(c: Pick<Catalogue, 'kinds'>): string | undefined {
  const k = kindsOf(c);
  return k.child ?? k.list?.kind;
}

/** The instance facts a period reads (the suggestion catalogue's default: submittedAt, termNo, sessionNo). */
export function periodFactsOf(c: Pick<Catalogue, 'period'>): PeriodFacts {
  return c.period ?? { year: { fact: 'submittedAt', as: 'instant' }, term: 'termNo', session: 'sessionNo' };
}

/** Facts every suggestion row has besides the declared ones (runtime/statistics/facts.ts derives them). */
export const DERIVED_SUGGESTION_FACTS = ['state', 'result', 'satisfaction', 'firstSatisfaction', 'processSatisfaction', 'feedbackComplete', 'rehandleRounds', 'overdueNow', 'answers', 'resultAfterFollowUp'] as const;
/** Facts every assignment row has besides the declared ones. */
export const DERIVED_ASSIGNMENT_FACTS = ['state', 'overdueNow', 'suggestion'] as const;
/** Facts every row of a generic catalogue has: an instance's (`children`: how many child rows), a child instance's, a list entry's (`parent`: the instance row; a join's `as`). */
export const DERIVED_INSTANCE_FACTS = ['state', 'overdueNow', 'children'] as const;
export const DERIVED_CHILD_FACTS = ['state', 'overdueNow', 'parent'] as const;
export const DERIVED_LIST_FACTS = ['parent'] as const;

/**
 * Facts of a point-entries catalogue's rows (source point-entries): each deputy's (the period's
 * confirmed entries summed; their report-backs of their term — meetings held, the voters' 满意
 * marks and all marks) and each entry's.
 */
export const DERIVED_DEPUTY_FACTS = ['deputyId', 'name', 'delegation', 'points', 'entries', 'reportBacks', 'reportBackMarks', 'reportBackSatisfied', 'children', 'state', 'overdueNow'] as const;
export const DERIVED_ENTRY_FACTS = ['entryId', 'deputyId', 'ruleCode', 'ruleTitle', 'ruleTitleEn', 'state', 'source', 'occurredOn', 'quantity', 'points', 'parent', 'overdueNow'] as const;

/** Every fact name a row of `kind` has: the declared ones and the derived ones. */
export function factNames(c: Catalogue, kind: string): Set<string> {
  const k = kindsOf(c);
  const derived: readonly string[] = c.source === 'point-entries'
    ? kind === k.instance ? DERIVED_DEPUTY_FACTS : DERIVED_ENTRY_FACTS
    : c.combine
    ? kind === k.instance ? DERIVED_SUGGESTION_FACTS : DERIVED_ASSIGNMENT_FACTS
    : kind === k.instance ? DERIVED_INSTANCE_FACTS : kind === k.child ? DERIVED_CHILD_FACTS : [...DERIVED_LIST_FACTS, ...(k.list?.join ?? []).map((j) => j.as)];
  // A child row carries its linked instance's facts (catalogue `linked`).
  const linked = c.linked && kind === childKindOf(c) ? [...Object.keys(c.facts[c.linked.kind] ?? {}), ...DERIVED_LINKED_FACTS] : [];
  return new Set([...Object.keys(c.facts[kind] ?? {}), ...derived, ...linked]);
}

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
  const k = kindsOf(c);
  const kinds = [k.instance, ...(k.child ? [k.child] : []), ...(k.list ? [k.list.kind] : [])];
  if (new Set(kinds).size !== kinds.length) out.push({ pointer: '/kinds', message: 'two kinds of row have one name' });
  if (k.child && k.list) out.push({ pointer: '/kinds', message: 'a catalogue has a child process or a list, not both' });
  if (k.child && c.child === undefined && c.source !== 'point-entries') out.push({ pointer: '/child', message: `required: the process whose instances are the ${k.child} rows` });
  if (c.kinds === undefined && !c.combine) out.push({ pointer: '/kinds', message: 'required (only the suggestion catalogue, with combine, has default kinds)' });
  if (c.combine && c.kinds !== undefined) out.push({ pointer: '/combine', message: 'combine is the suggestion catalogue’s rule over suggestion and assignment rows (no kinds)' });
  if (c.linked) {
    if (k.child === undefined) out.push({ pointer: '/linked', message: 'linked facts join child rows; this catalogue has no child process' });
    if (kinds.includes(c.linked.kind)) out.push({ pointer: '/linked/kind', message: `"${c.linked.kind}" is already a kind of row` });
    for (const [name, f] of Object.entries(c.facts[c.linked.kind] ?? {})) {
      if (f.path === undefined) out.push({ pointer: `/facts/${c.linked.kind}/${name}`, message: 'a linked fact is read from the linked instance’s context (a path)' });
      if (Object.hasOwn(c.facts[k.child ?? ''] ?? {}, name)) out.push({ pointer: `/facts/${c.linked.kind}/${name}`, message: `the ${k.child} rows have a fact "${name}" of their own` });
    }
  }
  const factKinds = c.linked ? [...kinds, c.linked.kind] : kinds;
  for (const kind of Object.keys(c.facts)) if (!factKinds.includes(kind)) out.push({ pointer: `/facts/${kind}`, message: `no kind of row "${kind}" (kinds: ${kinds.join(', ')})` });
  for (const [kind, fs] of Object.entries(c.facts)) {
    for (const [name, f] of Object.entries(fs)) {
      if (f.rule !== undefined) for (const op of unknownOperators(f.rule)) out.push({ pointer: `/facts/${kind}/${name}/rule`, message: `unknown JSON Logic operator ${op}` });
      if (f.workingDays !== undefined) {
        const own = c.facts[kind] ?? {};
        for (const end of ['from', 'to'] as const) {
          const name = f.workingDays[end];
          if (own[name]?.path === undefined) out.push({ pointer: `/facts/${kind}/${name}/workingDays/${end}`, message: `no ${kind} fact "${name}" read from the context` });
        }
      }
      if (f.path !== undefined && kind === k.list?.kind) out.push({ pointer: `/facts/${kind}/${name}`, message: 'a list entry’s facts are rules over the entry (its fields, parent and joins), not context paths' });
    }
  }
  if (k.list) {
    const own = new Set(Object.keys(c.facts[k.instance] ?? {}));
    if (!own.has(k.list.fact)) out.push({ pointer: '/kinds/list/fact', message: `no ${k.instance} fact "${k.list.fact}"` });
    for (const [i, j] of (k.list.join ?? []).entries()) if (!own.has(j.fact.split('.')[0] as string)) out.push({ pointer: `/kinds/list/join/${i}/fact`, message: `no ${k.instance} fact "${j.fact}"` });
  }
  const p0 = periodFactsOf(c);
  const rootFacts = new Set(Object.keys(c.facts[k.instance] ?? {}));
  if (c.source === 'point-entries') {
    if (!k.child) out.push({ pointer: '/kinds/child', message: 'required: the kind of the point entries (the instance kind is the deputies)' });
    if (c.period !== undefined) out.push({ pointer: '/period', message: 'point entries are placed in a year by their date (occurredOn); no period facts' });
    for (const [kind, fs] of Object.entries(c.facts)) for (const [name, f] of Object.entries(fs)) if (f.path !== undefined || f.workingDays !== undefined) out.push({ pointer: `/facts/${kind}/${name}`, message: 'point entries have no context: facts are rules over the derived facts' });
  }
  for (const [at, f] of c.source === 'point-entries' ? [] : [['/period/year/fact', p0.year.fact], ['/period/term', p0.term], ['/period/session', p0.session]] as const) {
    if (f !== undefined && (!rootFacts.has(f) || c.facts[k.instance]?.[f]?.path === undefined)) out.push({ pointer: at, message: `no ${k.instance} fact "${f}" read from the context` });
  }
  const facts = (kind: FactKind): Set<string> => factNames(c, kind);
  const allFacts = new Set(kinds.flatMap((kind) => [...facts(kind)]));
  for (const [id, p] of Object.entries(c.populations)) {
    const at = `/populations/${id}`;
    if (!kinds.includes(p.of)) out.push({ pointer: `${at}/of`, message: `no kind of row "${p.of}" (kinds: ${kinds.join(', ')})` });
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
    } else if (m.kind === 'sum' || m.kind === 'avg') {
      const p = pop(`${at}/population`, m.population);
      if (p && m.field !== undefined && !facts(p.of).has(m.field)) out.push({ pointer: `${at}/field`, message: `no ${p.of} fact "${m.field}"` });
    } else if (m.kind === 'rate') {
      const n = pop(`${at}/numerator`, m.numerator);
      const d = pop(`${at}/denominator`, m.denominator);
      if (n && d && n.of !== d.of && m.numeratorSum === undefined && m.denominatorSum === undefined) out.push({ pointer: at, message: 'numerator and denominator count different things' });
      if (n && m.numeratorSum !== undefined && !facts(n.of).has(m.numeratorSum)) out.push({ pointer: `${at}/numeratorSum`, message: `no ${n.of} fact "${m.numeratorSum}"` });
      if (d && m.denominatorSum !== undefined && !facts(d.of).has(m.denominatorSum)) out.push({ pointer: `${at}/denominatorSum`, message: `no ${d.of} fact "${m.denominatorSum}"` });
    } else {
      const p = pop(`${at}/population`, m.population);
      const d = pop(`${at}/denominator`, m.denominator);
      if (p && d && p.of !== d.of) out.push({ pointer: at, message: 'population and denominator count different things' });
      if (p && m.by !== undefined && !facts(p.of).has(m.by)) out.push({ pointer: `${at}/by`, message: `no ${p.of} fact "${m.by}"` });
    }
  }
  for (const [i, id] of (c.summary ?? []).entries()) if (!c.metrics[id]) out.push({ pointer: `/summary/${i}`, message: `no metric "${id}"` });
  const child = childKindOf(c);
  if (c.unitTable && child === undefined) out.push({ pointer: '/unitTable', message: 'a unit table counts child rows; this catalogue has none' });
  if (c.unitTable && child !== undefined) {
    const ut = c.unitTable;
    if (!facts(child).has(ut.by)) out.push({ pointer: '/unitTable/by', message: `no ${child} fact "${ut.by}"` });
    const counted = ut.population ?? 'assignments';
    if (c.populations[counted]?.of !== child) out.push({ pointer: '/unitTable/population', message: `no population "${counted}" of ${child} rows` });
    for (const [i, id] of ut.columns.entries()) {
      const m = c.metrics[id];
      if (!m) {
        out.push({ pointer: `/unitTable/columns/${i}`, message: `no metric "${id}"` });
        continue;
      }
      const first = c.populations[m.population ?? m.numerator ?? ''];
      if (first && first.of !== child) out.push({ pointer: `/unitTable/columns/${i}`, message: `"${id}" counts ${first.of} rows; a unit's column counts its ${child} rows` });
    }
  }
  return out;
}

/** The catalogue a region sees: the base with each level's merge patch applied in order (province, city, county). */
export function applyCatalogueOverlays(base: Catalogue, patches: readonly unknown[]): Catalogue {
  let out: unknown = base;
  for (const patch of patches) out = mergePatch(out, patch);
  return out as Catalogue;
}
