/**
 * The register's query parameters (GET /api/register and its export and print), read and
 * checked in one place: an unknown, repeated or ill-typed parameter is INVALID_QUERY naming the
 * parameter, before anything is read. Pure; the process's package says which sort keys and
 * states exist.
 */
import { DEFAULT_REGISTER, type ProcessPackage, type RegisterSpec } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { parsePeriod, type Period } from '../statistics/period.ts';
import type { RegisterFilterValues } from './sql/register.ts';

export interface RegisterParams {
  definition: string;
  filters: RegisterFilterValues;
  sort?: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  lang: 'zh' | 'en';
  /** A drill-down from a statistic (issue 14): the instances behind one number (runtime/store/statistics.ts `drillIds`). */
  drill?: { metric: string; part: 'numerator' | 'denominator'; item?: string; period: Period };
}

/** The parameters GET /api/register takes; `format` only on the export. */
export const REGISTER_PARAMS = ['definition', 'term', 'session', 'year', 'category', 'unit', 'state', 'overdue', 'key', 'q', 'sort', 'order', 'limit', 'offset', 'lang', 'metric', 'part', 'item', 'period'] as const;

export const REGISTER_PAGE_MAX = 500;
const TEXT_MAX = 100;

export const registerSpec = (pkg: ProcessPackage): RegisterSpec => pkg.register ?? DEFAULT_REGISTER;

const bad = (parameter: string, message: string): AppError => new AppError('INVALID_QUERY', `${parameter}: ${message}`, { parameter });

/** The one value of each parameter; refuses unknown names and repeats. `extra` are more allowed names (the export's `format`). */
export function singleParams(all: Record<string, string[]>, extra: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(all)) {
    if (!(REGISTER_PARAMS as readonly string[]).includes(name) && !extra.includes(name)) throw bad(name, `unknown parameter; known: ${[...REGISTER_PARAMS, ...extra].join(', ')}`);
    if (values.length !== 1) throw bad(name, 'given more than once');
    out[name] = values[0] as string;
  }
  return out;
}

function text(p: Record<string, string>, name: string): string | undefined {
  if (!Object.hasOwn(p, name)) return undefined;
  const v = (p[name] as string).trim();
  if (v.length > TEXT_MAX) throw bad(name, `at most ${TEXT_MAX} characters`);
  return v === '' ? undefined : v;
}

function int(p: Record<string, string>, name: string, min: number, max: number): number | undefined {
  const v = text(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw bad(name, `a whole number from ${min} to ${max}`);
  return Number(v);
}

function flag(p: Record<string, string>, name: string): boolean | undefined {
  const v = text(p, name);
  if (v === undefined) return undefined;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw bad(name, '1 or 0');
}

/** The definition id alone (to load its package before the rest is read). */
export function registerDefinition(p: Record<string, string>): string {
  const id = text(p, 'definition');
  if (!id) throw bad('definition', 'required: the process whose register to show');
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(id)) throw bad('definition', 'not a process id');
  return id;
}

/** Everything else, checked against the process's register and states. */
export function parseRegisterParams(p: Record<string, string>, pkg: ProcessPackage): RegisterParams {
  const spec = registerSpec(pkg);
  const sort = text(p, 'sort');
  if (sort !== undefined && !spec.columns.some((c) => c.key === sort)) throw bad('sort', `not a column of this register; columns: ${spec.columns.map((c) => c.key).join(', ')}`);
  const order = text(p, 'order') ?? (sort ? 'asc' : 'desc');
  if (order !== 'asc' && order !== 'desc') throw bad('order', 'asc or desc');
  const lang = text(p, 'lang') ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw bad('lang', 'zh or en');
  const state = text(p, 'state');
  if (state !== undefined && !Object.hasOwn(pkg.machine.states ?? {}, state)) throw bad('state', 'not a state of this process');
  const filters: RegisterFilterValues = {};
  const set = <K extends keyof RegisterFilterValues>(k: K, v: RegisterFilterValues[K] | undefined) => {
    if (v !== undefined) filters[k] = v;
  };
  const offered = spec.filters ?? {};
  for (const name of ['term', 'session', 'category', 'unit'] as const) {
    const v = text(p, name);
    if (v !== undefined && !offered[name]) throw bad(name, 'this register has no such filter');
    set(name, v);
  }
  const key = flag(p, 'key');
  if (key !== undefined && !offered.key) throw bad('key', 'this register has no such filter');
  set('key', key);
  set('year', int(p, 'year', 1949, 2200));
  set('state', state);
  set('overdue', flag(p, 'overdue'));
  set('q', text(p, 'q'));
  const drill = drillParams(p);
  return {
    definition: registerDefinition(p),
    filters,
    ...(sort !== undefined ? { sort } : {}),
    order,
    limit: int(p, 'limit', 1, REGISTER_PAGE_MAX) ?? 50,
    offset: int(p, 'offset', 0, 10_000_000) ?? 0,
    lang,
    ...(drill ? { drill } : {}),
  };
}

/** `metric`, `part`, `item`, `period`: a statistic's drill-down; the metric itself is checked against the county's catalogue when the ids are read. */
function drillParams(p: Record<string, string>): RegisterParams['drill'] {
  const metric = text(p, 'metric');
  if (metric === undefined) {
    for (const name of ['part', 'item', 'period']) if (text(p, name) !== undefined) throw bad(name, 'only with metric');
    return undefined;
  }
  if (!/^(population:|monthly:)?[a-z][A-Za-z0-9-]{0,62}$/.test(metric)) throw bad('metric', 'not a metric id');
  const part = text(p, 'part') ?? 'numerator';
  if (part !== 'numerator' && part !== 'denominator') throw bad('part', 'numerator or denominator');
  const item = Object.hasOwn(p, 'item') ? (p.item as string).trim() : undefined;
  if (item !== undefined && item.length > TEXT_MAX) throw bad('item', `at most ${TEXT_MAX} characters`);
  return { metric, part, ...(item !== undefined ? { item } : {}), period: parsePeriod(p.period) };
}
