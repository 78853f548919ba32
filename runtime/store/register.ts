/**
 * The register (台账): every instance of a process in the county, in the columns its package
 * names (`register`, runtime/engine/register-spec.ts), as words — states by their titles,
 * people and units by name, options by their labels, dates in the county's zone — so the page,
 * the export and the print show the same text. The statement is sql/register.ts.
 *
 * Who sees which rows: the one rule of runtime/store/task-access.ts (`maySeeInstanceAmongSql`).
 * Staff, leaders, admins (and integrators) see every instance of the county; a unit clerk the
 * instances their unit handles (a task of the instance or of a child process names their unit,
 * or they may act on one); a deputy the ones they started or have a task on — their own
 * suggestions. Nobody sees a row the instance page would refuse them.
 */
import type { Kysely } from 'kysely';
import { enumOptions, type Actor, type ProcessPackage, type RegisterColumn, type StateJson } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { currentDefinition } from './county-definitions.ts';
import { registerSpec, type RegisterParams } from './register-query.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectRegisterOptions } from './sql/register-options.ts';
import { selectRegisterPage, type RegisterRow } from './sql/register.ts';
import { listUnits } from './users.ts';

/** The county's time zone: every date in the register is a local date there. */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

export interface RegisterColumnView {
  key: string;
  /** The column's title in the asked language. */
  title: string;
  kind: string;
}

export interface RegisterRowView {
  id: string;
  /** One text per column, in the columns' order. */
  cells: string[];
  overdue: boolean;
}

export interface RegisterView {
  definition: { id: string; title: string; title_en: string };
  /** The register's name in the asked language (代表建议台账). */
  title: string;
  columns: RegisterColumnView[];
  rows: RegisterRowView[];
  total: number;
  limit: number;
  offset: number;
}

export interface RegisterOption {
  value: string;
  title: string;
}

/** What the filters offer, each option with its words (GET /api/register/options). */
export interface RegisterOptionsView {
  filters: { term: boolean; session: boolean; year: boolean; category: boolean; unit: boolean; key: boolean };
  terms: RegisterOption[];
  sessions: RegisterOption[];
  years: RegisterOption[];
  categories: RegisterOption[];
  units: RegisterOption[];
  states: RegisterOption[];
}

/** A process a register can be shown for: not a child, or a child with a register of its own (民生实事项目). */
export interface RegisterProcess {
  id: string;
  title: string;
  title_en: string;
}

const WORDS = {
  zh: { yes: '是', no: '否' },
  en: { yes: 'Yes', no: 'No' },
} as const;

export function registerProcesses(rt: Runtime): RegisterProcess[] {
  return rt.registry
    .list()
    .filter((d) => !d.pkg.child || d.pkg.register)
    .map((d) => ({ id: d.id, title: d.pkg.title, title_en: d.pkg.title_en }));
}

const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The county-local date of an instant, YYYY-MM-DD. */
export function countyDate(at: Date): string {
  return localDay.format(at);
}

/**
 * A due date as the last day one may still act: date-only deadlines end at the next local
 * midnight (runtime/engine/calendar.ts `endOfLocalDay`), which is the day before's last moment.
 */
export function dueDay(due: Date): string {
  return countyDate(new Date(due.getTime() - 1));
}

/** The deepest titled state on each path of a state value ("inHandling" → 办理中; parallel parts joined). */
export function stateWords(pkg: ProcessPackage, state: string, lang: 'zh' | 'en'): string {
  const words = state
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      let level: Record<string, StateJson> | undefined = pkg.machine.states;
      let title = '';
      for (const key of part.split('.')) {
        const s: StateJson | undefined = level && Object.hasOwn(level, key) ? level[key] : undefined;
        if (!s) break;
        const t = lang === 'en' ? s.meta?.title_en ?? s.meta?.title : s.meta?.title;
        if (t) title = t;
        level = s.states;
      }
      return title;
    })
    .filter(Boolean);
  return [...new Set(words)].join(lang === 'zh' ? '；' : '; ');
}

function cellText(col: RegisterColumn, row: RegisterRow, pkg: ProcessPackage, lang: 'zh' | 'en'): string {
  const raw = row.cells[col.key] ?? null;
  switch (col.kind ?? 'text') {
    case 'title':
      return row.title;
    case 'state':
      return stateWords(pkg, row.state, lang);
    case 'created':
      return countyDate(row.created_at);
    case 'due':
      return row.due_at ? dueDay(row.due_at) : '';
    case 'overdue':
      return row.overdue ? WORDS[lang].yes : WORDS[lang].no;
    case 'boolean':
      return raw === 'true' ? WORDS[lang].yes : raw === 'false' ? WORDS[lang].no : '';
    case 'date':
      if (raw === null) return '';
      if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
      return Number.isNaN(Date.parse(raw)) ? raw : countyDate(new Date(raw));
    case 'enum': {
      if (raw === null) return '';
      const o = enumOptions(col.labels ? pkg.forms[col.labels.form] : undefined, col.labels?.field ?? '')?.find((x) => x.value === raw);
      return o ? (lang === 'en' ? o.title_en : o.title) : raw;
    }
    default:
      return raw ?? '';
  }
}

/** The package whose register is asked for: the county's current version; a child process without a register has none. */
export async function currentRegisterPackage(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string): Promise<ProcessPackage> {
  const pkg = (await currentDefinition(db, rt, countyId, definitionId)).pkg;
  if (pkg.child && !pkg.register) throw new AppError('DEFINITION_NOT_FOUND', `"${definitionId}" runs only inside another process and has no register`);
  return pkg;
}

/** One page of the register as the caller may see it. */
export async function readRegister(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, p: RegisterParams): Promise<RegisterView> {
  const def = await currentDefinition(db, rt, countyId, p.definition);
  const pkg = def.pkg;
  if (pkg.child && !pkg.register) throw new AppError('DEFINITION_NOT_FOUND', `"${p.definition}" runs only inside another process and has no register`);
  const spec = registerSpec(pkg);
  const { total, rows } = await selectRegisterPage(db, {
    countyId,
    definitionId: p.definition,
    childProcess: Boolean(pkg.child),
    actor,
    spec,
    filters: p.filters,
    ...(p.sort !== undefined ? { sort: p.sort } : {}),
    order: p.order,
    limit: p.limit,
    offset: p.offset,
    lang: p.lang,
    stateOrder: Object.keys(pkg.machine.states),
    timeZone: COUNTY_TIME_ZONE,
  });
  // Each row in the words of the version it runs on (its states and options may differ from today's).
  const packages = new Map<string, ProcessPackage>([[def.hash, pkg]]);
  for (const hash of new Set(rows.map((r) => r.definition_hash))) if (!packages.has(hash)) packages.set(hash, (await rt.registry.byHash(db, hash)).pkg);
  return {
    definition: { id: pkg.id, title: pkg.title, title_en: pkg.title_en },
    title: p.lang === 'en' ? spec.title_en ?? `${pkg.title_en} register` : spec.title ?? `${pkg.title}台账`,
    columns: spec.columns.map((c) => ({ key: c.key, title: p.lang === 'en' ? c.title_en : c.title, kind: c.kind ?? 'text' })),
    rows: rows.map((r) => {
      const rowPkg = packages.get(r.definition_hash) ?? pkg;
      return { id: r.id, overdue: r.overdue, cells: spec.columns.map((c) => cellText(c, r, rowPkg, p.lang)) };
    }),
    total,
    limit: p.limit,
    offset: p.offset,
  };
}

/** Every row of the register (all pages) for the export, in pages of `batch`. */
export async function* readWholeRegister(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, p: RegisterParams, batch = 500): AsyncGenerator<RegisterView> {
  for (let offset = 0; ; offset += batch) {
    const page = await readRegister(db, rt, countyId, actor, { ...p, limit: batch, offset });
    yield page;
    if (page.rows.length < batch || offset + batch >= page.total) return;
  }
}

/** What the filters of a process's register offer, in words. */
export async function readRegisterOptions(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string, lang: 'zh' | 'en'): Promise<RegisterOptionsView> {
  const pkg = (await currentDefinition(db, rt, countyId, definitionId)).pkg;
  if (pkg.child && !pkg.register) throw new AppError('DEFINITION_NOT_FOUND', `"${definitionId}" runs only inside another process and has no register`);
  const spec = registerSpec(pkg);
  const f = spec.filters ?? {};
  const found = await selectRegisterOptions(db, {
    countyId,
    definitionId,
    ...(f.term ? { termPath: f.term } : {}),
    ...(f.session ? { sessionPath: f.session } : {}),
    ...(f.year ? { yearPath: f.year } : {}),
    timeZone: COUNTY_TIME_ZONE,
  });
  const categoryColumn = spec.columns.find((c) => c.kind === 'enum' && c.path === f.category);
  const categories = categoryColumn?.labels ? enumOptions(pkg.forms[categoryColumn.labels.form], categoryColumn.labels.field) ?? [] : [];
  const units = f.unit ? await listUnits(db, countyId) : [];
  const same = (v: string) => ({ value: v, title: v });
  return {
    filters: { term: Boolean(f.term), session: Boolean(f.session), year: true, category: Boolean(f.category), unit: Boolean(f.unit), key: Boolean(f.key) },
    terms: found.terms.map(same),
    sessions: found.sessions.map(same),
    years: found.years.map((y) => ({ value: String(y), title: lang === 'zh' ? `${y}年` : String(y) })),
    categories: categories.map((o) => ({ value: o.value, title: lang === 'en' ? o.title_en : o.title })),
    units: units.map((u) => ({ value: u.id, title: lang === 'en' ? u.nameEn ?? u.name : u.name })),
    states: Object.entries(pkg.machine.states).map(([id, s]) => ({ value: id, title: (lang === 'en' ? s.meta?.title_en ?? s.meta?.title : s.meta?.title) ?? id })),
  };
}
