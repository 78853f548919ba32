/**
 * The deputy roster (代表名册), terms and sessions (届/次) of a county. Every query filters by
 * `county_id` first, the leading column of each primary key, so another county's rows are
 * simply not found.
 *
 * An import is all or nothing: the file is parsed before the transaction (XLSX parsing is
 * CPU work that must not hold PGlite's one connection), then one transaction checks the rows
 * against the county's users and deputies and writes every user, role and deputy row, or
 * nothing when any row has an error.
 */
import { sql, type Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import { readRoster } from '../roster-files.ts';
import type { NewSession, NewTerm, RosterError, RosterInput, RosterParseResult, RosterRow } from '../roster/index.ts';
import { recordAudit, type AuditEntry } from './audit.ts';
import { inTransaction } from './runtime.ts';
import type { Database } from './schema.ts';
import { insertDeputies, type NewDeputy } from './sql/insert-deputies.ts';
import { lockRosterImport } from './sql/lock-roster-import.ts';
import { selectTerm } from './sql/read-term.ts';
import { userIdFor } from './seed.ts';
import { getCounty } from './users.ts';

/**
 * The password hash of imported deputies: not a scrypt hash, so no password verifies against
 * it (verifyPassword answers false after the usual scrypt time). They log in once an admin
 * sets a password (PATCH /api/users/:id {password}). `password_hash like '!%'` finds them.
 */
export const UNUSABLE_PASSWORD_HASH = '!no-password';

export interface DeputyView extends NewDeputy {
  active: boolean;
}

/** A row whose username or phone is already used in the county (also a row error). */
export interface RosterConflict {
  line: number;
  code: 'USERNAME_TAKEN' | 'PHONE_TAKEN';
  /** The existing user (USERNAME_TAKEN) or deputy (PHONE_TAKEN). */
  userId: string;
  name: string;
}

export interface RosterSummary {
  /** Data rows read. */
  rows: number;
  /** Rows without an error of their own. */
  valid: number;
  invalid: number;
  standingCommittee: number;
  errors: number;
}

export interface RosterPreview extends RosterParseResult {
  conflicts: RosterConflict[];
  summary: RosterSummary;
}

export interface RosterImportResult {
  imported: number;
  deputies: DeputyView[];
}

export interface Term {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface Session {
  id: string;
  termId: string;
  name: string;
  heldOn: string | null;
}

/** Usernames or phones per lookup (`in` list of at most 1,000 parameters). */
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function invalidInput(pointer: string, message: string, message_en: string): AppError {
  const errors: FieldError[] = [{ pointer, message, message_en }];
  return new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
}

async function countyCode(db: Kysely<Database>, countyId: string): Promise<string> {
  const county = await getCounty(db, countyId);
  if (!county) throw new AppError('COUNTY_NOT_FOUND', 'No such county');
  return county.code;
}

// ---------------------------------------------------------------- preview and import

/** The parsed file, its row errors and its conflicts with the county's users and deputies. Writes nothing. */
export async function previewRoster(db: Kysely<Database>, countyId: string, input: RosterInput): Promise<RosterPreview> {
  return checkAgainstCounty(db, countyId, await readRoster(input));
}

/**
 * Creates one `deputy` user (id `${countyCode}-${username}`, unusable password) and one
 * deputies row per data row, in one transaction. Any row error → 400 ROSTER_INVALID with
 * `details.errors` (every error) and nothing written; an unknown `termId` → 400 INVALID_INPUT.
 *
 * `actorId` is the admin doing it; `audit` (when given) is the audit log entry of the import
 * (runtime/store/audit.ts), written in the import's transaction with the number imported.
 */
export async function importRoster(
  db: Kysely<Database>,
  countyId: string,
  input: RosterInput,
  opts: { termId?: string | null; actorId: string; audit?: Omit<AuditEntry, 'action' | 'detail'> },
): Promise<RosterImportResult> {
  const parsed = await readRoster(input);
  const termId = opts.termId ?? null;
  // inTransaction: a unique violation from a concurrent POST /api/users becomes 409 CONFLICT.
  return inTransaction(db, async (trx) => {
    // Two imports of one county at once would both pass the username check; the second
    // waits here and then sees the first one's users as conflicts (row errors, not a 409).
    await lockRosterImport(trx, countyId);
    const code = await countyCode(trx, countyId);
    if (termId !== null && !(await getTerm(trx, countyId, termId))) throw invalidInput('/termId', '本县没有这一届', 'is not a term of this county');
    const checked = await checkAgainstCounty(trx, countyId, parsed);
    if (checked.errors.length > 0) {
      throw new AppError('ROSTER_INVALID', `The roster has ${checked.errors.length} error(s); nothing was imported`, { errors: checked.errors, conflicts: checked.conflicts });
    }
    const deputies = checked.rows.map((row) => toNewDeputy(row, code, termId));
    await insertDeputies(trx, countyId, deputies, UNUSABLE_PASSWORD_HASH);
    if (opts.audit) await recordAudit(trx, { ...opts.audit, action: 'roster.imported', detail: { imported: deputies.length, termId } });
    return { imported: deputies.length, deputies };
  });
}

function toNewDeputy(row: RosterRow, code: string, termId: string | null): DeputyView {
  // A row without errors has a username and a yes/no; the fallbacks only satisfy the types.
  const username = row.username ?? '';
  return {
    userId: userIdFor(code, username),
    username,
    name: row.name,
    delegation: row.delegation,
    group: row.group,
    phone: row.phone,
    standingCommittee: row.standingCommittee ?? false,
    termId,
    active: true,
  };
}

/**
 * Adds USERNAME_TAKEN for a username any user of the county has (active or not: the unique
 * key users(county_id, username) holds either way) and PHONE_TAKEN for a phone of one of its
 * deputies. Lookups use users' unique (county_id, username) index; the phone lookup scans the
 * county's deputies by primary-key prefix (a few hundred rows).
 */
async function checkAgainstCounty(db: Kysely<Database>, countyId: string, parsed: RosterParseResult): Promise<RosterPreview> {
  const errors: RosterError[] = [...parsed.errors];
  const conflicts: RosterConflict[] = [];
  const usernames = [...new Set(parsed.rows.flatMap((r) => (r.username !== null ? [r.username] : [])))];
  // An invalid phone is kept as written (and is already an error): only valid ones are looked up.
  const phones = [...new Set(parsed.rows.flatMap((r) => (r.phone !== null && /^\d{11}$/.test(r.phone) ? [r.phone] : [])))];

  const takenUsernames = new Map<string, { id: string; name: string }>();
  for (const part of chunks(usernames)) {
    const found = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('county_id', '=', countyId).where('username', 'in', part).execute();
    for (const u of found) takenUsernames.set(u.username, { id: u.id, name: u.display_name });
  }
  const takenPhones = new Map<string, { id: string; name: string }>();
  for (const part of chunks(phones)) {
    const found = await db.selectFrom('deputies').select(['user_id', 'phone', 'name']).where('county_id', '=', countyId).where('phone', 'in', part).execute();
    for (const d of found) if (d.phone !== null) takenPhones.set(d.phone, { id: d.user_id, name: d.name });
  }

  const usernameColumn = parsed.columns.username ?? parsed.columns.phone ?? '';
  for (const row of parsed.rows) {
    const user = row.username !== null ? takenUsernames.get(row.username) : undefined;
    if (user) {
      conflicts.push({ line: row.line, code: 'USERNAME_TAKEN', userId: user.id, name: user.name });
      errors.push({
        line: row.line,
        column: row.usernameFromPhone ? (parsed.columns.phone ?? usernameColumn) : usernameColumn,
        code: 'USERNAME_TAKEN',
        message: `用户名“${row.username}”已被本县用户“${user.name}”使用`,
        message_en: `username "${row.username}" is already used by ${user.name} in this county`,
      });
    }
    const deputy = row.phone !== null ? takenPhones.get(row.phone) : undefined;
    if (deputy) {
      conflicts.push({ line: row.line, code: 'PHONE_TAKEN', userId: deputy.id, name: deputy.name });
      errors.push({
        line: row.line,
        column: parsed.columns.phone ?? '',
        code: 'PHONE_TAKEN',
        message: `手机号${row.phone}已登记为本县代表“${deputy.name}”`,
        message_en: `phone ${row.phone} is already registered for deputy ${deputy.name}`,
      });
    }
  }
  // Stable: errors of one line keep their column order, the conflicts after them.
  errors.sort((a, b) => a.line - b.line);
  const badLines = new Set(errors.map((e) => e.line));
  const valid = parsed.rows.filter((r) => !badLines.has(r.line)).length;
  const summary: RosterSummary = {
    rows: parsed.rows.length,
    valid,
    invalid: parsed.rows.length - valid,
    standingCommittee: parsed.rows.filter((r) => r.standingCommittee === true).length,
    errors: errors.length,
  };
  return { ...parsed, errors, conflicts, summary };
}

// ---------------------------------------------------------------- deputies

function deputiesQuery(db: Kysely<Database>, countyId: string) {
  return db
    .selectFrom('deputies')
    .innerJoin('users', (join) => join.onRef('users.county_id', '=', 'deputies.county_id').onRef('users.id', '=', 'deputies.user_id'))
    .select([
      'deputies.user_id',
      'users.username',
      'deputies.name',
      'deputies.delegation',
      'deputies.deputy_group',
      'deputies.phone',
      'deputies.standing_committee',
      'deputies.term_id',
      'deputies.active',
    ])
    .where('deputies.county_id', '=', countyId);
}

type DeputyRow = {
  user_id: string;
  username: string;
  name: string;
  delegation: string | null;
  deputy_group: string | null;
  phone: string | null;
  standing_committee: boolean;
  term_id: string | null;
  active: boolean;
};

function toDeputyView(r: DeputyRow): DeputyView {
  return {
    userId: r.user_id,
    username: r.username,
    name: r.name,
    delegation: r.delegation,
    group: r.deputy_group,
    phone: r.phone,
    standingCommittee: r.standing_committee,
    termId: r.term_id,
    active: r.active,
  };
}

export interface DeputyQuery {
  standingCommittee?: boolean;
  termId?: string;
  active?: boolean;
}

/**
 * The county's deputies by delegation, group, then user id, compared bytewise (`collate "C"`)
 * so pg and PGlite, whose default collations differ, list them in the same order. Served by
 * the primary key prefix (county_id); the filters are checked on those rows.
 */
export async function listDeputies(db: Kysely<Database>, countyId: string, query: DeputyQuery = {}): Promise<DeputyView[]> {
  let q = deputiesQuery(db, countyId);
  if (query.standingCommittee !== undefined) q = q.where('deputies.standing_committee', '=', query.standingCommittee);
  if (query.termId !== undefined) q = q.where('deputies.term_id', '=', query.termId);
  if (query.active !== undefined) q = q.where('deputies.active', '=', query.active);
  const rows = await q
    .orderBy(sql`deputies.delegation collate "C"`, (ob) => ob.asc().nullsLast())
    .orderBy(sql`deputies.deputy_group collate "C"`, (ob) => ob.asc().nullsLast())
    .orderBy(sql`deputies.user_id collate "C"`)
    .execute();
  return rows.map(toDeputyView);
}

export async function getDeputy(db: Kysely<Database>, countyId: string, userId: string): Promise<DeputyView | undefined> {
  const row = await deputiesQuery(db, countyId).where('deputies.user_id', '=', userId).executeTakeFirst();
  return row ? toDeputyView(row) : undefined;
}

/**
 * `count` deputies for tests and benchmarks, in three multi-row statements per 1,000 and no
 * scrypt per user: usernames `${prefix}0001`…, ids `${countyCode}-${username}`, names 代表0001…;
 * the first `standingCommittee` of them are standing-committee members. `passwordHash`
 * (default unusable) lets a test log them in with one precomputed hash. Returns the user ids.
 */
export async function createTestDeputies(
  db: Kysely<Database>,
  countyId: string,
  count: number,
  opts: { standingCommittee?: number; prefix?: string; termId?: string | null; passwordHash?: string } = {},
): Promise<string[]> {
  const prefix = opts.prefix ?? 'dep';
  const width = Math.max(4, String(count).length);
  const run = async (trx: Kysely<Database>): Promise<string[]> => {
    const code = await countyCode(trx, countyId);
    const deputies: DeputyView[] = Array.from({ length: count }, (_, i) => {
      const n = String(i + 1).padStart(width, '0');
      const username = `${prefix}${n}`;
      return {
        userId: userIdFor(code, username),
        username,
        name: `代表${n}`,
        delegation: null,
        group: null,
        phone: null,
        standingCommittee: i < (opts.standingCommittee ?? 0),
        termId: opts.termId ?? null,
        active: true,
      };
    });
    await insertDeputies(trx, countyId, deputies, opts.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    return deputies.map((d) => d.userId);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

// ---------------------------------------------------------------- terms and sessions

function toTerm(r: { id: string; name: string; starts_on: string | null; ends_on: string | null }): Term {
  return { id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on };
}

/** A term id taken in the county → 409 TERM_EXISTS (ON CONFLICT, so a caller's transaction survives it). */
export async function createTerm(db: Kysely<Database>, countyId: string, input: NewTerm): Promise<Term> {
  const inserted = await db
    .insertInto('terms')
    .values({ county_id: countyId, id: input.id, name: input.name, starts_on: input.startsOn, ends_on: input.endsOn })
    .onConflict((oc) => oc.columns(['county_id', 'id']).doNothing())
    .returning(['id', 'name', 'starts_on', 'ends_on'])
    .executeTakeFirst();
  if (!inserted) throw new AppError('TERM_EXISTS', `Term ${input.id} already exists in this county`, { id: input.id });
  return toTerm(inserted);
}

export async function getTerm(db: Kysely<Database>, countyId: string, termId: string): Promise<Term | undefined> {
  const row = await selectTerm(db, countyId, termId);
  return row ? toTerm(row) : undefined;
}

/** Oldest term first (YYYY-MM-DD text sorts as dates), undated ones last. */
export async function listTerms(db: Kysely<Database>, countyId: string): Promise<Term[]> {
  const rows = await db
    .selectFrom('terms')
    .select(['id', 'name', 'starts_on', 'ends_on'])
    .where('county_id', '=', countyId)
    .orderBy(sql`starts_on collate "C"`, (ob) => ob.asc().nullsLast())
    .orderBy(sql`id collate "C"`)
    .execute();
  return rows.map(toTerm);
}

function toSession(r: { id: string; term_id: string; name: string; held_on: string | null }): Session {
  return { id: r.id, termId: r.term_id, name: r.name, heldOn: r.held_on };
}

/**
 * A session of a term of the county. The term must exist in the county (another county's
 * term is as unknown as a missing one) and a dated session must fall within a dated term →
 * 400 INVALID_INPUT field errors; a session id taken in the county → 409 SESSION_EXISTS.
 */
export async function createSession(db: Kysely<Database>, countyId: string, termId: string, input: NewSession): Promise<Session> {
  const term = await getTerm(db, countyId, termId);
  if (!term) throw invalidInput('/termId', '本县没有这一届', 'is not a term of this county');
  if (input.heldOn !== null && ((term.startsOn !== null && input.heldOn < term.startsOn) || (term.endsOn !== null && input.heldOn > term.endsOn))) {
    throw invalidInput('/heldOn', '会议日期不在本届任期内', `must fall within the term (${term.startsOn ?? '…'} to ${term.endsOn ?? '…'})`);
  }
  const inserted = await db
    .insertInto('sessions')
    .values({ county_id: countyId, id: input.id, term_id: termId, name: input.name, held_on: input.heldOn })
    .onConflict((oc) => oc.columns(['county_id', 'id']).doNothing())
    .returning(['id', 'term_id', 'name', 'held_on'])
    .executeTakeFirst();
  if (!inserted) throw new AppError('SESSION_EXISTS', `Session ${input.id} already exists in this county`, { id: input.id });
  return toSession(inserted);
}

/** By date, then id; `termId` narrows to one term. */
export async function listSessions(db: Kysely<Database>, countyId: string, query: { termId?: string } = {}): Promise<Session[]> {
  let q = db.selectFrom('sessions').select(['id', 'term_id', 'name', 'held_on']).where('county_id', '=', countyId);
  if (query.termId !== undefined) q = q.where('term_id', '=', query.termId);
  const rows = await q.orderBy(sql`held_on collate "C"`, (ob) => ob.asc().nullsLast()).orderBy(sql`id collate "C"`).execute();
  return rows.map(toSession);
}
