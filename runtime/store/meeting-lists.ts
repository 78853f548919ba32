/**
 * The lists the chair council approves in one step (DOMAIN §2.4: 交办会; 年终审查集中办结):
 * which suggestions a list may name, and an assignment list read from an XLSX sheet. The list
 * itself is the data of a process instance (definitions/assignment-meeting, suggestion-closing);
 * its approval steps every listed suggestion in one transaction (the engine's `sendEach`).
 *
 * Which suggestions are candidates is read from the definitions, not written here: those
 * standing in a state that accepts the list's event (ASSIGN_AT_MEETING: the base's 已登记;
 * CLOSE_AT_REVIEW: wherever a county's definition lets a review close a suggestion, e.g.
 * Changshu's 常态督办). A county that adds the event to another state adds candidates.
 */
import type { Kysely } from 'kysely';
import type { JsonSchema } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { normSheetText, parseClosingSheet, parseMeetingSheet, sheetSerials, type ClosingRow, type ListLookups, type MeetingCandidate, type MeetingRow, type SheetOption, type SheetResult } from '../meeting/index.ts';
import { decodeBase64, readXlsxRows } from '../roster-files.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { currentDefinition } from './county-definitions.ts';
import { holdersOf } from './instance-holds.ts';
import { selectInstancesBySerial } from './sql/instances-by-serial.ts';
import { listInstanceExists } from './sql/list-instance-exists.ts';
import { selectInstancesInStates } from './sql/instances-in-states.ts';
import { listUnits } from './users.ts';

export const MEETING_KINDS = {
  assign: { process: 'assignment-meeting', event: 'ASSIGN_AT_MEETING' },
  close: { process: 'suggestion-closing', event: 'CLOSE_AT_REVIEW' },
} as const;
export type MeetingKind = keyof typeof MEETING_KINDS;

const SUGGESTION = 'suggestion';
/** Both kinds of list hold their suggestions under one scope: a suggestion stands on one open list at a time (the definitions' `holdEach`). */
export const LIST_HOLD_SCOPE = 'meetingList';

export interface CandidateView extends MeetingCandidate {
  stateTitle: string;
  stateTitle_en: string | null;
  /** The open list (other than the one asked about) that already names it: it cannot be listed again until that list is approved or cancelled. */
  heldBy: { listId: string; title: string } | null;
}

type StateNode = { meta?: { title?: string; title_en?: string }; on?: Record<string, unknown> };

/** The running suggestions of the county a list of `kind` may name, by number; `listId`: the list being edited (its own holds are not "another list"). */
export async function meetingCandidates(db: Kysely<Database>, rt: Runtime, countyId: string, kind: MeetingKind, listId: string | null = null): Promise<CandidateView[]> {
  const event = MEETING_KINDS[kind].event;
  // The county's published version (its overlay may add states that accept the event), else the base.
  const latest = await currentDefinition(db, rt, countyId, SUGGESTION);
  const accepting = (states: Record<string, StateNode>) => Object.keys(states).filter((s) => states[s]?.on && Object.hasOwn(states[s].on as object, event));
  const rows = await selectInstancesInStates(db, countyId, SUGGESTION, accepting(latest.pkg.machine.states as Record<string, StateNode>));
  const holders = rows.length > 0 ? await holdersOf(db, countyId, LIST_HOLD_SCOPE, listId) : new Map();
  const out: CandidateView[] = [];
  for (const row of rows) {
    // An instance keeps the version it started on: its own definition says whether it accepts the event.
    const def = row.definition_hash === latest.hash ? latest : await rt.registry.byHash(db, row.definition_hash);
    const states = def.pkg.machine.states as Record<string, StateNode>;
    if (!accepting(states).includes(row.state)) continue;
    const units = Array.isArray(row.suggested_units) ? row.suggested_units.filter((u): u is string => typeof u === 'string') : [];
    out.push({
      instanceId: row.id,
      serialNo: row.serial_no,
      title: row.title,
      suggestedUnitIds: units,
      stateTitle: states[row.state]?.meta?.title ?? row.state,
      stateTitle_en: states[row.state]?.meta?.title_en ?? null,
      heldBy: holders.has(row.id) ? { listId: holders.get(row.id)!.holder_id, title: holders.get(row.id)!.holder_title } : null,
    });
  }
  return out;
}

/**
 * The `kind` and `list` query parameters of the list routes: kind assign (default) or close; list
 * (optional) a list of that kind in the county, else 404 — the list being edited, whose own
 * suggestions are not "on another list".
 */
export async function listQuery(db: Kysely<Database>, countyId: string, q: { kind?: string; list?: string }): Promise<{ kind: MeetingKind; listId: string | null }> {
  const kind = q.kind ?? 'assign';
  if (!Object.hasOwn(MEETING_KINDS, kind)) throw new AppError('INVALID_QUERY', 'kind: assign 或 close / assign or close', { parameter: 'kind' });
  if (q.list === undefined) return { kind: kind as MeetingKind, listId: null };
  // eslint-disable-next-line no-control-regex
  if (!/^[^\u0000-\u001f\u007f]{1,200}$/.test(q.list)) throw new AppError('INVALID_QUERY', 'list: 清单编号无效 / not a list id', { parameter: 'list' });
  if (!(await listInstanceExists(db, countyId, MEETING_KINDS[kind as MeetingKind].process, q.list))) throw new AppError('INSTANCE_NOT_FOUND', '找不到该清单 / No such list');
  return { kind: kind as MeetingKind, listId: q.list };
}

/** The options (value and words) of one enum field of a row of the assignment list form. */
export async function listOptions(db: Kysely<Database>, rt: Runtime, countyId: string, field: 'mode' | 'supervisionLevel'): Promise<SheetOption[]> {
  const list = (await currentDefinition(db, rt, countyId, MEETING_KINDS.assign.process)).pkg.forms.list as JsonSchema;
  const item = ((list.properties as Record<string, JsonSchema>).rows as JsonSchema).items as JsonSchema;
  const options = ((item.properties as Record<string, JsonSchema>)[field] as JsonSchema).oneOf as JsonSchema[];
  return options.map((o) => ({ value: String(o.const), title: String(o.title), title_en: String((o['x-ui'] as { label_en?: string } | undefined)?.label_en ?? o.title) }));
}

/**
 * A list of `kind` as an XLSX workbook (base64) → its rows in the list form's shape, for the
 * office's table. Any error of any row → 400 MEETING_SHEET_INVALID with every error in words
 * (`details.errors`: line, column, message) and no row: nothing is imported. A suggestion on
 * another open list than `listId` is a row error (该建议已在“…”清单中); the save is where the
 * rule is enforced (instance-holds.ts), this says it early.
 */
export async function readMeetingSheet(db: Kysely<Database>, rt: Runtime, countyId: string, body: unknown, kind: 'assign', listId?: string | null): Promise<SheetResult<MeetingRow>>;
export async function readMeetingSheet(db: Kysely<Database>, rt: Runtime, countyId: string, body: unknown, kind: MeetingKind, listId?: string | null): Promise<SheetResult<MeetingRow | ClosingRow>>;
export async function readMeetingSheet(db: Kysely<Database>, rt: Runtime, countyId: string, body: unknown, kind: MeetingKind, listId: string | null = null): Promise<SheetResult<MeetingRow | ClosingRow>> {
  const base64 = sheetBody(body);
  const table = await readXlsxRows(decodeBase64(base64));
  // One after another: PGlite is one connection, and a query on it runs alone anyway.
  const candidates = await meetingCandidates(db, rt, countyId, kind, listId);
  const lookups: ListLookups = {
    candidates,
    known: await knownSuggestions(db, rt, countyId, sheetSerials(table, kind)),
    held: new Map(candidates.filter((c) => c.heldBy).map((c) => [c.instanceId, c.heldBy!.title])),
  };
  const result: SheetResult<MeetingRow | ClosingRow> =
    kind === 'close'
      ? parseClosingSheet(table, lookups)
      : parseMeetingSheet(table, {
          ...lookups,
          units: (await listUnits(db, countyId, { active: true })).map((u) => ({ id: u.id, name: u.name, name_en: u.nameEn })),
          modes: await listOptions(db, rt, countyId, 'mode'),
          levels: await listOptions(db, rt, countyId, 'supervisionLevel'),
        });
  if (result.errors.length > 0) {
    throw new AppError('MEETING_SHEET_INVALID', `The list has ${result.errors.length} error(s); nothing was imported`, { errors: result.errors });
  }
  return result;
}

/** The county's suggestions a sheet names by number, with their state in words (each by its own definition version). */
async function knownSuggestions(db: Kysely<Database>, rt: Runtime, countyId: string, serials: readonly string[]): Promise<ListLookups['known']> {
  const out = new Map<string, { title: string; stateTitle: string; stateTitle_en: string }>();
  for (const row of await selectInstancesBySerial(db, countyId, SUGGESTION, [...new Set(serials)])) {
    const states = (await rt.registry.byHash(db, row.definition_hash)).pkg.machine.states as Record<string, StateNode>;
    const meta = states[row.state.split('.')[0] ?? '']?.meta;
    const ended = row.status !== 'active' && !meta?.title;
    out.set(normSheetText(row.serial_no), {
      title: row.title,
      stateTitle: ended ? '已结束' : (meta?.title ?? '办理中'),
      stateTitle_en: ended ? 'finished' : (meta?.title_en ?? meta?.title ?? 'in progress'),
    });
  }
  return out;
}

/** The import body: exactly `{format: "xlsx", base64}`; anything else is 400 INVALID_BODY. */
function sheetBody(body: unknown): string {
  const shape = '请求内容须为 {format: "xlsx", base64} / Body must be {format: "xlsx", base64}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('INVALID_BODY', shape);
  const keys = Object.keys(body);
  const b = body as Record<string, unknown>;
  if (keys.length !== 2 || !keys.includes('format') || !keys.includes('base64') || b.format !== 'xlsx' || typeof b.base64 !== 'string') {
    throw new AppError('INVALID_BODY', shape);
  }
  return b.base64;
}
