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
import { parseMeetingSheet, type MeetingCandidate, type SheetOption, type SheetResult } from '../meeting/index.ts';
import { decodeBase64, readXlsxRows } from '../roster-files.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { currentDefinition } from './county-definitions.ts';
import { selectInstancesInStates } from './sql/instances-in-states.ts';
import { listUnits } from './users.ts';

export const MEETING_KINDS = {
  assign: { process: 'assignment-meeting', event: 'ASSIGN_AT_MEETING' },
  close: { process: 'suggestion-closing', event: 'CLOSE_AT_REVIEW' },
} as const;
export type MeetingKind = keyof typeof MEETING_KINDS;

const SUGGESTION = 'suggestion';

export interface CandidateView extends MeetingCandidate {
  stateTitle: string;
  stateTitle_en: string | null;
}

type StateNode = { meta?: { title?: string; title_en?: string }; on?: Record<string, unknown> };

/** The running suggestions of the county a list of `kind` may name, by number. */
export async function meetingCandidates(db: Kysely<Database>, rt: Runtime, countyId: string, kind: MeetingKind): Promise<CandidateView[]> {
  const event = MEETING_KINDS[kind].event;
  // The county's published version (its overlay may add states that accept the event), else the base.
  const latest = await currentDefinition(db, rt, countyId, SUGGESTION);
  const accepting = (states: Record<string, StateNode>) => Object.keys(states).filter((s) => states[s]?.on && Object.hasOwn(states[s].on as object, event));
  const rows = await selectInstancesInStates(db, countyId, SUGGESTION, accepting(latest.pkg.machine.states as Record<string, StateNode>));
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
    });
  }
  return out;
}

/** The options (value and words) of one enum field of a row of the assignment list form. */
export async function listOptions(db: Kysely<Database>, rt: Runtime, countyId: string, field: 'mode' | 'supervisionLevel'): Promise<SheetOption[]> {
  const list = (await currentDefinition(db, rt, countyId, MEETING_KINDS.assign.process)).pkg.forms.list as JsonSchema;
  const item = ((list.properties as Record<string, JsonSchema>).rows as JsonSchema).items as JsonSchema;
  const options = ((item.properties as Record<string, JsonSchema>)[field] as JsonSchema).oneOf as JsonSchema[];
  return options.map((o) => ({ value: String(o.const), title: String(o.title), title_en: String((o['x-ui'] as { label_en?: string } | undefined)?.label_en ?? o.title) }));
}

/**
 * An assignment list as an XLSX workbook (base64) → its rows in the list form's shape, for the
 * office's table. Any error of any row → 400 MEETING_SHEET_INVALID with every error in words
 * (`details.errors`: line, column, message) and no row: nothing is imported.
 */
export async function readMeetingSheet(db: Kysely<Database>, rt: Runtime, countyId: string, body: unknown): Promise<SheetResult> {
  const base64 = sheetBody(body);
  const table = await readXlsxRows(decodeBase64(base64));
  // One after another: PGlite is one connection, and a query on it runs alone anyway.
  const candidates = await meetingCandidates(db, rt, countyId, 'assign');
  const units = await listUnits(db, countyId, { active: true });
  const result = parseMeetingSheet(table, {
    candidates,
    units: units.map((u) => ({ id: u.id, name: u.name, name_en: u.nameEn })),
    modes: await listOptions(db, rt, countyId, 'mode'),
    levels: await listOptions(db, rt, countyId, 'supervisionLevel'),
  });
  if (result.errors.length > 0) {
    throw new AppError('MEETING_SHEET_INVALID', `The list has ${result.errors.length} error(s); nothing was imported`, { errors: result.errors });
  }
  return result;
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
