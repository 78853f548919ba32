/**
 * The audit log (审计日志, migration 013): who did which security-relevant action, when, from
 * where, to what. `recordAudit` appends one row, inside the action's own transaction where it
 * has one (pass the `trx`), so the log and the action commit or roll back together;
 * `listAudit` reads a county's log, newest first, a page at a time. The database refuses
 * UPDATE, DELETE and TRUNCATE on the table (triggers), so nothing here edits a row.
 *
 * `detail` holds ids and codes only (role codes, migration names, counts, a format): never form
 * contents, names typed by users or passwords. `recordAudit` refuses a value that does not
 * look like an id or a code, so a careless call fails in its tests rather than in the log.
 */
import type { Kysely } from 'kysely';
import { AUDIT_ACTIONS, isAuditAction, type AuditAction, type AuditTargetKind } from '../audit-actions.ts';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';
import { insertAuditRow } from './sql/insert-audit.ts';
import { insertMigrationAuditRows } from './sql/insert-audit-migrations.ts';
import { selectAuditRows, type AuditFilter } from './sql/list-audit.ts';

export type AuditDetailValue = string | number | boolean | null | readonly string[];
export type AuditDetail = Readonly<Record<string, AuditDetailValue>>;

export interface AuditEntry {
  countyId: string;
  /** From the caller's clock (tests inject it). */
  at: Date;
  action: AuditAction;
  /** Who did it, with their name at the time; null for the system (migrations on start). */
  actor: { id: string; name: string } | null;
  /** What it was done to; `name` is copied at the time, for the page (words, not ids). */
  target?: { kind: AuditTargetKind; id: string; name?: string | null } | null;
  /** The client's address, as the server saw it (see server/client-address.ts). */
  address?: string | null;
  detail?: AuditDetail;
}

/** Ids (UUIDs, `changshu-wang`), codes (`admin`, `013_audit_log`), formats: no spaces, short. */
const ID_OR_CODE = /^[\p{L}\p{N}._:@/+-]{0,120}$/u;
const DETAIL_KEY = /^[a-zA-Z][a-zA-Z0-9]{0,40}$/;
const NAME_MAX = 200;

function checkDetail(detail: AuditDetail): string {
  for (const [key, value] of Object.entries(detail)) {
    const values = Array.isArray(value) ? value : [value];
    const ok = DETAIL_KEY.test(key) && values.length <= 100 && values.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && ID_OR_CODE.test(v)));
    if (!ok) throw new AppError('INTERNAL', `audit detail ${key}: ids and codes only`);
  }
  return JSON.stringify(detail);
}

const clip = (text: string | null | undefined): string | null => (text === null || text === undefined ? null : text.slice(0, NAME_MAX));

/** Appends one entry. Pass the action's `trx` where it has one. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  if (!isAuditAction(entry.action)) throw new AppError('INTERNAL', `unknown audit action ${String(entry.action)}`);
  await insertAuditRow(db, {
    county_id: entry.countyId,
    at: entry.at,
    actor_id: entry.actor?.id ?? null,
    actor_name: clip(entry.actor?.name),
    action: entry.action,
    target_kind: entry.target?.kind ?? null,
    target_id: entry.target?.id ?? null,
    target_name: clip(entry.target?.name),
    address: clip(entry.address),
    detail: entry.detail !== undefined && Object.keys(entry.detail).length > 0 ? checkDetail(entry.detail) : null,
  });
}

/** After a start applied `names`: one `migration.applied` row per county (sql/insert-audit-migrations.ts). */
export async function recordMigrations(db: Kysely<Database>, at: Date, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  return insertMigrationAuditRows(db, at, names);
}

// ---------------------------------------------------------------- reading

export interface AuditView {
  id: number;
  at: string;
  actorId: string | null;
  /** Null for the system. */
  actorName: string | null;
  action: AuditAction | string;
  title: string;
  title_en: string;
  targetKind: string | null;
  targetId: string | null;
  targetName: string | null;
  address: string | null;
  detail: unknown;
}

export interface AuditQuery {
  /** County-local dates YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  action?: AuditAction;
  actor?: string;
  limit: number;
  /** The previous page's `nextCursor`. */
  cursor?: number;
}

export const AUDIT_PAGE_MAX = 500;
export const AUDIT_PAGE_DEFAULT = 100;
const AUDIT_PARAMS = ['from', 'to', 'action', 'actor', 'limit', 'cursor'] as const;

const bad = (parameter: string, message: string): AppError => new AppError('INVALID_QUERY', `${parameter}: ${message}`, { parameter });

/**
 * The checked query of GET /api/audit (and its export, with `extra` = ['format']): unknown or
 * repeated parameters, bad dates, unknown actions and out-of-range numbers are 400 INVALID_QUERY.
 */
export function parseAuditQuery(all: Record<string, string[]>, extra: readonly string[] = []): { query: AuditQuery; raw: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const [name, values] of Object.entries(all)) {
    if (!(AUDIT_PARAMS as readonly string[]).includes(name) && !extra.includes(name)) throw bad(name, `unknown parameter; known: ${[...AUDIT_PARAMS, ...extra].join(', ')}`);
    if (values.length !== 1) throw bad(name, 'given more than once');
    const v = (values[0] as string).trim();
    if (v !== '') raw[name] = v;
  }
  const date = (name: 'from' | 'to'): string | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || nextUtcDay(v, 0) !== v) throw bad(name, 'a date YYYY-MM-DD');
    return v;
  };
  const int = (name: string, min: number, max: number): number | undefined => {
    const v = raw[name];
    if (v === undefined) return undefined;
    if (!/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) throw bad(name, `a whole number from ${min} to ${max}`);
    return Number(v);
  };
  const action = raw.action;
  if (action !== undefined && !isAuditAction(action)) throw bad('action', 'not an action of the audit log');
  const actor = raw.actor;
  if (actor !== undefined && !ID_OR_CODE.test(actor)) throw bad('actor', 'a user id');
  const query: AuditQuery = { from: date('from'), to: date('to'), action, actor, limit: int('limit', 1, AUDIT_PAGE_MAX) ?? AUDIT_PAGE_DEFAULT, cursor: int('cursor', 1, Number.MAX_SAFE_INTEGER) };
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw bad('to', 'on or after from');
  return { query, raw };
}

/** Counties are all in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991). */
function dayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The calendar date `days` after `date` (0: the date itself if it exists, e.g. not 2026-02-30). */
function nextUtcDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function toFilter(q: AuditQuery, limit: number, before?: number): AuditFilter {
  return {
    from: q.from !== undefined ? dayStart(q.from) : undefined,
    to: q.to !== undefined ? dayStart(nextUtcDay(q.to, 1)) : undefined,
    action: q.action,
    actorId: q.actor,
    before,
    limit,
  };
}

function toView(r: Awaited<ReturnType<typeof selectAuditRows>>[number]): AuditView {
  const words = isAuditAction(r.action) ? AUDIT_ACTIONS[r.action] : { zh: r.action, en: r.action };
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    title: words.zh,
    title_en: words.en,
    targetKind: r.target_kind,
    targetId: r.target_id,
    targetName: r.target_name,
    address: r.address,
    detail: r.detail,
  };
}

/** One page, newest first; `nextCursor` is null on the last page. */
export async function listAudit(db: Kysely<Database>, countyId: string, q: AuditQuery): Promise<{ entries: AuditView[]; nextCursor: number | null }> {
  const rows = await selectAuditRows(db, countyId, toFilter(q, q.limit + 1, q.cursor));
  const page = rows.slice(0, q.limit).map(toView);
  return { entries: page, nextCursor: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** Every entry matching `q` (its limit and cursor ignored), a page at a time, for the export. */
export async function* readWholeAudit(db: Kysely<Database>, countyId: string, q: AuditQuery): AsyncGenerator<AuditView[]> {
  let cursor: number | undefined;
  for (;;) {
    const page = await listAudit(db, countyId, { ...q, limit: AUDIT_PAGE_MAX, cursor });
    if (page.entries.length > 0) yield page.entries;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
  }
}
