/**
 * 列入重点督办专题 from a suggestion's own page (issue 16 item 1): a leader picks a running theme
 * by its name and gives a reason, and the server completes that theme's open 增列 task
 * (ADD_SUGGESTIONS, definitions/key-supervision underway.additions.open) with this one
 * suggestion — the same step, form check and MARK_KEY as the theme's own 增列, so a suggestion
 * becomes key by one path only. Who may add is who may act on that task (its role in the
 * county's definition, task-access.ts); which suggestion may be added is
 * reference-check.ts `listedSuggestionProblem` (in handling, its own title, in no theme yet).
 *
 * Refusals, in words and nothing written: another county's (or no) suggestion or theme 404; a
 * caller without the 增列 role 403; a suggestion not in handling, already in that theme, already
 * in another theme, or a theme no longer taking suggestions 409.
 */
import type { Kysely } from 'kysely';
import type { StateJson } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { currentDefinition } from './county-definitions.ts';
import { completeTask, type CallerContext } from './instance-service.ts';
import { listedSuggestionProblem } from './reference-check.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectKeyThemeRows } from './sql/key-theme-rows.ts';
import { selectKeyThemesOpenForAdditions } from './sql/key-themes-open-for-additions.ts';
import { selectListedInstances, type ListedInstanceRow } from './sql/listed-instances.ts';
import { mayAct } from './task-access.ts';

const THEME_PROCESS = 'key-supervision';
const ADD = 'ADD_SUGGESTIONS';
const REASON_MAX = 2000;

export interface KeyThemeOffer {
  /** The running themes the caller may add this suggestion to, by name. */
  themes: Array<{ id: string; title: string }>;
  /** Why this suggestion cannot be added (in words); null when it can. */
  refusal: { code: string; message: string; message_en: string } | null;
}

/** The roles of the states whose task takes ADD_SUGGESTIONS in the county's current theme definition. */
function additionRoles(states: Record<string, StateJson> | undefined, out = new Set<string>()): Set<string> {
  for (const s of Object.values(states ?? {})) {
    const task = s.meta?.task;
    if (task && Object.hasOwn(task.outcomes ?? {}, ADD)) out.add(task.role);
    additionRoles(s.states, out);
  }
  return out;
}

async function readSuggestion(db: Kysely<Database>, countyId: string, id: string): Promise<ListedInstanceRow> {
  const [row] = await selectListedInstances(db, countyId, 'suggestion', [id]);
  if (!row) throw new AppError('INSTANCE_NOT_FOUND', '找不到该建议 / No such suggestion');
  return row;
}

async function ensureMayAdd(db: Kysely<Database>, rt: Runtime, caller: CallerContext): Promise<void> {
  const roles = additionRoles((await currentDefinition(db, rt, caller.countyId, THEME_PROCESS)).pkg.machine.states as Record<string, StateJson>);
  if (!caller.actor.roles.some((r) => roles.has(r))) throw new AppError('FORBIDDEN', '只有可以增列督办建议的领导才能把建议列入重点督办专题 / Only a leader who may add suggestions to a theme can do this');
}

/** Why the suggestion cannot be listed in any theme now: not in handling, or already in one. */
function refusalOf(row: ListedInstanceRow): KeyThemeOffer['refusal'] {
  if (row.active && row.registeredAt === null) return { code: 'SUGGESTION_NOT_IN_HANDLING', message: `《${row.title}》尚未受理登记，不能列入重点督办`, message_en: 'The suggestion has not been accepted yet' };
  const problem = listedSuggestionProblem(row, row.title);
  if (problem === null) return null;
  return { code: problem.code === 'ALREADY_KEY' ? 'SUGGESTION_ALREADY_KEY' : 'SUGGESTION_NOT_IN_HANDLING', message: problem.message, message_en: problem.message_en };
}

/** What the suggestion page offers the caller (GET /api/instances/:id/key-themes). */
export async function keyThemeOffer(db: Kysely<Database>, rt: Runtime, caller: CallerContext, suggestionId: string): Promise<KeyThemeOffer> {
  const row = await readSuggestion(db, caller.countyId, suggestionId);
  await ensureMayAdd(db, rt, caller);
  const themes = (await selectKeyThemesOpenForAdditions(db, caller.countyId)).filter((t) => mayAct(caller.actor, t));
  const unique = [...new Map(themes.map((t) => [t.id, { id: t.id, title: t.title }])).values()];
  return { themes: unique, refusal: refusalOf(row) };
}

function readBody(body: unknown): { themeId: string; reason: string | undefined } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError('INVALID_BODY', '请求内容须为对象 {themeId, reason} / The body must be an object {themeId, reason}');
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'themeId' && k !== 'reason');
  if (unknown.length > 0) throw new AppError('INVALID_BODY', `未知的字段：${unknown.join('、')} / Unknown field(s): ${unknown.join(', ')}`);
  const themeId = Object.hasOwn(o, 'themeId') ? o.themeId : undefined;
  // eslint-disable-next-line no-control-regex
  if (typeof themeId !== 'string' || themeId.length === 0 || themeId.length > 200 || /[\u0000-\u001f\u007f]/.test(themeId)) {
    throw new AppError('INVALID_INPUT', '请选择重点督办专题 / Choose a key supervision theme', { errors: [{ pointer: '/themeId', message: '请选择重点督办专题', message_en: 'choose a theme' }] });
  }
  const reason = Object.hasOwn(o, 'reason') ? o.reason : undefined;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > REASON_MAX)) {
    throw new AppError('INVALID_INPUT', `增列理由须为不超过${REASON_MAX}字的文字 / The reason is text of at most ${REASON_MAX} characters`, { errors: [{ pointer: '/reason', message: `不超过${REASON_MAX}字`, message_en: `at most ${REASON_MAX} characters` }] });
  }
  return { themeId, reason: typeof reason === 'string' && reason.trim() !== '' ? reason : undefined };
}

/**
 * 列入重点督办专题 (POST /api/instances/:id/key-themes {themeId, reason}): completes the chosen
 * theme's 增列 task with this suggestion; answers the suggestion's id (now marked key).
 */
export async function addToKeyTheme(db: Kysely<Database>, rt: Runtime, caller: CallerContext, suggestionId: string, body: unknown): Promise<string> {
  const row = await readSuggestion(db, caller.countyId, suggestionId);
  const { themeId, reason } = readBody(body);
  await ensureMayAdd(db, rt, caller);
  const [theme] = await selectKeyThemeRows(db, caller.countyId, { id: themeId }, rt.clock.now());
  if (!theme) throw new AppError('INSTANCE_NOT_FOUND', '找不到该重点督办专题 / No such key supervision theme');
  if (row.keyThemeId === theme.id || theme.suggestions.some((s) => s.instanceId === row.id)) {
    throw new AppError('SUGGESTION_IN_THEME', `《${row.title}》已在重点督办专题《${theme.title}》中 / The suggestion is already in the theme "${theme.title}"`);
  }
  const refusal = refusalOf(row);
  if (refusal) throw new AppError(refusal.code as 'SUGGESTION_ALREADY_KEY' | 'SUGGESTION_NOT_IN_HANDLING', `${refusal.message} / ${refusal.message_en}`);
  const tasks = (await selectKeyThemesOpenForAdditions(db, caller.countyId)).filter((t) => t.id === theme.id);
  if (tasks.length === 0) throw new AppError('KEY_THEME_NOT_OPEN', `重点督办专题《${theme.title}》不在督办中或已截止增列 / The theme "${theme.title}" takes no more suggestions`);
  const task = tasks.find((t) => mayAct(caller.actor, t));
  if (!task) throw new AppError('FORBIDDEN', `您不能为重点督办专题《${theme.title}》增列建议 / You may not add suggestions to the theme "${theme.title}"`);
  const data = { suggestions: [{ instanceId: row.id, serialNo: row.serialNo, title: row.title }], ...(reason !== undefined ? { reason } : {}) };
  await completeTask(db, rt, caller, task.taskId, ADD, data);
  return row.id;
}
