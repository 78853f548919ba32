/**
 * The scenario file format (scenarios/scenario.schema.json, documented there and in the
 * README's "Sample years (scenarios)"): the types, loading, and the checks a schema cannot
 * express (counts that must add up, codes that must exist).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// ajv-formats is CommonJS; its plugin arrives as `default` under Node's ESM interop (as in form-validator.ts).
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => void;

export const SCENARIOS_DIR = new URL('../../scenarios/', import.meta.url).pathname;

export type Origin = 'SESSION' | 'RECESS';
export type SourceCode = 'RESEARCH' | 'INSPECTION' | 'GROUP_ACTIVITY' | 'VISIT' | 'CONSTITUENT' | 'OTHER';
export type Satisfaction = 'SATISFIED' | 'BASIC' | 'UNSATISFIED';

export interface ScenarioUnit {
  id: string;
  name: string;
  nameEn?: string;
  categories: string[];
  government?: boolean;
  abbr?: string;
}

export interface KeyTheme {
  title: string;
  committee: string;
  categoryCode: string;
  count: number;
  govLeaderLed?: number;
}

export interface Scenario {
  name: string;
  title: string;
  description?: string;
  seed: number;
  county: { code: string; name: string; nameEn?: string };
  overlays?: Record<string, Record<string, unknown>>;
  calendar?: Array<{ year: number; holidays: string[]; workdays: string[] }>;
  numbering: Record<Origin, { termNo: string; sessionNo: string }>;
  dates: { sessionOpens: string; sessionCloses: string; assignmentMeeting: string; recessFrom: string; recessTo: string; yearEnd: string };
  offices: Array<{ id: string; name: string; nameEn?: string }>;
  units: ScenarioUnit[];
  delegations: Array<{ name: string; deputies: number | string[] }>;
  categories: Array<{ code: string; title: string; count: number; topics: string[] }>;
  titlePatterns: string[];
  origin: Record<Origin, number>;
  sources: Partial<Record<SourceCode, number>>;
  coSigned?: number;
  outcome: {
    inHandling: Partial<Record<Origin, number>>;
    results: Record<string, number>;
    satisfaction: Partial<Record<Satisfaction, number>>;
    rehandled?: number;
    leadAssist?: number;
    silentAssist?: number;
    autoAccepted?: number;
  };
  keySupervision?: { themes: KeyTheme[] };
}

/** A scenario that does not hold together; `problems` lists every reason at once. */
export class ScenarioError extends Error {
  constructor(
    readonly scenario: string,
    readonly problems: string[],
  ) {
    super(`Scenario ${scenario}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ScenarioError';
  }
}

let validator: ((data: unknown) => string[]) | undefined;

function schemaErrors(data: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const check = ajv.compile(JSON.parse(readFileSync(join(SCENARIOS_DIR, 'scenario.schema.json'), 'utf8')) as object);
    validator = (d) =>
      check(d)
        ? []
        : (check.errors ?? []).map((e) => {
            const extra = (e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
            return extra !== undefined ? `${e.instancePath || '/'} has an unknown property "${extra}"` : `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;
          });
  }
  return validator(data);
}

const sum = (counts: Record<string, number | undefined>): number => Object.values(counts).reduce<number>((n, v) => n + (v ?? 0), 0);

/** Every problem of a parsed scenario file: the schema first, then the counts. Empty when it is sound. */
export function scenarioProblems(data: unknown): string[] {
  const fromSchema = schemaErrors(data);
  if (fromSchema.length > 0) return fromSchema;
  const s = data as Scenario;
  const out: string[] = [];
  const total = sum(Object.fromEntries(s.categories.map((c) => [c.code, c.count])));
  const concluded = total - sum(s.outcome.inHandling);
  const need = (what: string, actual: number, expected: number): void => {
    if (actual !== expected) out.push(`${what} add up to ${actual}, expected ${expected}`);
  };
  need('origin counts', sum(s.origin), total);
  need('source counts', sum(s.sources), total);
  need('result counts', sum(s.outcome.results), concluded);
  need('satisfaction counts', sum(s.outcome.satisfaction), concluded);
  for (const origin of ['SESSION', 'RECESS'] as const) {
    if ((s.outcome.inHandling[origin] ?? 0) > s.origin[origin]) out.push(`outcome.inHandling.${origin} exceeds origin.${origin}`);
  }
  const codes = new Set(s.categories.map((c) => c.code));
  if (codes.size !== s.categories.length) out.push('category codes repeat');
  const ids = [...s.offices.map((u) => u.id), ...s.units.map((u) => u.id)];
  if (new Set(ids).size !== ids.length) out.push('unit and office ids repeat');
  const names = [...s.offices.map((u) => u.name), ...s.units.map((u) => u.name)];
  if (new Set(names).size !== names.length) out.push('unit and office names repeat');
  for (const u of s.units) for (const c of u.categories) if (c !== '*' && !codes.has(c)) out.push(`unit ${u.id} names unknown category ${c}`);
  for (const c of s.categories) {
    if (c.count > 0 && !s.units.some((u) => u.categories.includes('*') || u.categories.includes(c.code))) out.push(`no unit answers category ${c.code}`);
    if (c.topics.length * s.titlePatterns.length < c.count) out.push(`category ${c.code}: ${c.topics.length} topics × ${s.titlePatterns.length} patterns give fewer titles than its ${c.count} suggestions`);
  }
  if (s.units.length > total) out.push(`${s.units.length} units cannot each answer one of ${total} suggestions`);
  const o = s.outcome;
  const sessionConcluded = s.origin.SESSION - (o.inHandling.SESSION ?? 0);
  if ((o.rehandled ?? 0) + (o.autoAccepted ?? 0) > sessionConcluded) out.push('rehandled + autoAccepted exceed the concluded session items');
  if ((o.silentAssist ?? 0) > (o.leadAssist ?? 0)) out.push('silentAssist exceeds leadAssist');
  if ((o.leadAssist ?? 0) > concluded) out.push('leadAssist exceeds the concluded items');
  for (const t of s.keySupervision?.themes ?? []) {
    if (!codes.has(t.categoryCode)) out.push(`key theme ${t.title} names unknown category ${t.categoryCode}`);
    if ((t.govLeaderLed ?? 0) > t.count) out.push(`key theme ${t.title}: govLeaderLed exceeds count`);
  }
  const d = s.dates;
  if (!(d.sessionOpens <= d.sessionCloses && d.sessionCloses < d.assignmentMeeting && d.recessFrom <= d.recessTo && d.recessTo < d.yearEnd)) {
    out.push('dates must run sessionOpens ≤ sessionCloses < assignmentMeeting, recessFrom ≤ recessTo < yearEnd');
  }
  const deputies = s.delegations.reduce((n, g) => n + (typeof g.deputies === 'number' ? g.deputies : g.deputies.length), 0);
  if (deputies < 5) out.push('a year needs at least 5 deputies (co-signers come from the same delegation)');
  return out;
}

/** A scenario by name (scenarios/<name>.json) or by path, checked. */
export function loadScenario(nameOrPath: string): Scenario {
  const path = nameOrPath.endsWith('.json') ? nameOrPath : join(SCENARIOS_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) throw new ScenarioError(nameOrPath, [`no file ${path}`]);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ScenarioError(nameOrPath, [`${path} is not JSON: ${(err as Error).message}`]);
  }
  const problems = scenarioProblems(data);
  if (problems.length > 0) throw new ScenarioError(nameOrPath, problems);
  return data as Scenario;
}
