/**
 * Constituents' issues (process `constituent-issue`, DOMAIN §6.4) and the citizen who raised
 * them. The citizen's name, phone and address never enter the instance (context, events, tasks):
 * they are kept in constituent_contacts (migration 019) and served here only to the station (its
 * manager, the deputies attached to it) and the county office (staff, admin). So a handling unit,
 * which sees the instance through its tasks (task-access.ts), can never be shown the phone number
 * by any read model, whatever page or export it opens.
 *
 * The public QR form (no login): a citizen submits an issue through a station's public code and
 * gets a receipt code; with the receipt code and the phone number they look up its progress in
 * words and, once replied, give their feedback. Every public call is rate-limited first
 * (public-throttle.ts); the input is checked field by field with Chinese messages; nothing is
 * written for a refused call.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { eventTitle, type Actor, type JsonSchema, type ProcessPackage } from '../engine/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { currentDefinition } from './county-definitions.ts';
import { completeTask, startInstance, type CallerContext } from './instance-service.ts';
import { checkPublicLimit, LOOKUP_PER_ADDRESS, publicAddress, purgeOldPublicThrottle, SUBMIT_PER_ADDRESS, SUBMIT_PER_STATION } from './public-throttle.ts';
import { countyDate } from './register.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectContactByReceipt, selectContactOfIssue, type ReceiptRow } from './sql/constituent-contact.ts';
import { insertConstituentContact } from './sql/insert-constituent-contact.ts';
import { selectIssueSteps } from './sql/issue-steps.ts';
import { selectOpenFeedbackTask } from './sql/open-feedback-task.ts';
import { selectStationByPublicCode } from './sql/station-by-public-code.ts';
import { selectStationManagerDeputy } from './sql/station-manager-deputy.ts';

export const CONSTITUENT_ISSUE = 'constituent-issue';

/** Who the engine sees acting for a citizen on the public form (history: "群众（扫码反映）"). */
const CITIZEN: Actor = { id: 'public-form', roles: ['staff'], unitId: null, name: '群众（扫码反映）' };

/** The receipt code's alphabet: 32 letters and digits without 0/O, 1/I; 12 of them = 60 random bits. */
const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface CitizenData {
  name: string | null;
  phone: string;
  address: string | null;
  anonymous: boolean;
}

const len = (s: string) => [...s].length;
const err = (pointer: string, message: string, message_en: string): FieldError => ({ pointer, message, message_en });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** Mobile (11 digits from 1) or a landline with its area code; spaces and dashes are dropped. */
export function normalPhone(raw: string): string | null {
  const phone = raw.replace(/[\s-]/g, '');
  return /^(1\d{10}|0\d{9,11})$/.test(phone) ? phone : null;
}

function optionalText(body: Record<string, unknown>, key: string, max: number, label: string, label_en: string, errors: FieldError[]): string | null {
  const v = own(body, key);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || len(v) > max) {
    errors.push(err(`/${key}`, `${label}不超过 ${max} 字`, `${label_en}: at most ${max} characters`));
    return null;
  }
  return v.trim() === '' ? null : v.trim();
}

/** The citizen's part of a record; field errors are pushed with `prefix` before each pointer. */
function parseCitizen(body: Record<string, unknown>, errors: FieldError[], prefix = ''): CitizenData {
  const anonymous = own(body, 'anonymous');
  if (anonymous !== undefined && typeof anonymous !== 'boolean') errors.push(err(`${prefix}/anonymous`, '匿名应为是或否', 'anonymous must be true or false'));
  const isAnonymous = anonymous === true;
  const local: FieldError[] = [];
  const name = optionalText(body, 'name', 30, '姓名', 'Name', local);
  if (!isAnonymous && name === null && local.length === 0) local.push(err('/name', '请填写姓名（或选择匿名）', 'Give your name (or choose anonymous)'));
  const rawPhone = own(body, 'phone');
  const phone = typeof rawPhone === 'string' ? normalPhone(rawPhone) : null;
  if (phone === null) local.push(err('/phone', '请填写正确的手机号（11位）或带区号的固定电话', 'Give a valid mobile (11 digits) or landline number with its area code'));
  const address = optionalText(body, 'address', 200, '住址', 'Address', local);
  errors.push(...local.map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` })));
  return { name: isAnonymous ? null : name, phone: phone ?? '', address, anonymous: isAnonymous };
}

/** The codes of a `oneOf` of consts in a form field, with their titles. */
function options(schema: JsonSchema | undefined, field: string): Array<{ code: string; title: string; title_en: string }> {
  const prop = (schema as { properties?: Record<string, { oneOf?: Array<{ const?: unknown; title?: string; 'x-ui'?: { label_en?: string } }> }> } | undefined)?.properties?.[field];
  return (prop?.oneOf ?? []).filter((o) => typeof o.const === 'string').map((o) => ({ code: o.const as string, title: o.title ?? '', title_en: o['x-ui']?.label_en ?? o.title ?? '' }));
}

function optionTitle(pkg: ProcessPackage, form: string, field: string, code: unknown): { title: string; title_en: string } | null {
  const o = options(pkg.forms[form], field).find((x) => x.code === code);
  return o ? { title: o.title, title_en: o.title_en } : null;
}

function newReceiptCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECEIPT_ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

function receiptHash(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

const PUBLIC_KEYS = new Set(['category', 'content', 'request', 'name', 'phone', 'address', 'anonymous', 'website']);

export interface PublicSubmission {
  receiptCode: string;
  stationName: string;
}

/** What the public form offers: the station's name and the categories, nothing else of the county. */
export async function publicStation(db: Kysely<Database>, rt: Runtime, code: string): Promise<{ name: string; name_en: string | null; categories: Array<{ code: string; title: string; title_en: string }> }> {
  const station = await stationByCode(db, code);
  const def = await currentDefinition(db, rt, station.county_id, CONSTITUENT_ISSUE);
  return { name: station.name, name_en: station.name_en, categories: options(def.pkg.forms.record, 'category') };
}

async function stationByCode(db: Kysely<Database>, code: string) {
  const station = /^[A-Za-z0-9_-]{4,64}$/.test(code) ? await selectStationByPublicCode(db, code) : undefined;
  if (!station) throw new AppError('STATION_NOT_FOUND', '找不到该代表联络站：请核对二维码');
  return station;
}

/**
 * A citizen's issue from the public form: limits first (address, then station), then every
 * field; the instance starts as recorded ONLINE at the station, the citizen is kept apart.
 */
export async function submitPublicIssue(db: Kysely<Database>, rt: Runtime, code: string, address: string | undefined | null, readBody: () => Promise<unknown>): Promise<PublicSubmission> {
  const now = rt.clock.now();
  await checkPublicLimit(db, SUBMIT_PER_ADDRESS, publicAddress(address), now);
  const station = await stationByCode(db, code);
  await checkPublicLimit(db, SUBMIT_PER_STATION, `${station.county_id}/${station.id}`, now);
  // The body is read only now: a flood is refused at one upsert per request, unread.
  const body = await readBody();
  if (!isObject(body)) throw new AppError('INVALID_BODY', '提交的内容格式不正确');
  const honeypot = own(body, 'website');
  if (honeypot !== undefined && honeypot !== '') throw new AppError('PUBLIC_FORM_REFUSED', '提交未被接受：“网址”一栏应留空。');
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!PUBLIC_KEYS.has(key)) errors.push(err(`/${key}`, '表单中没有这一项', 'The form has no such field'));
  const def = await currentDefinition(db, rt, station.county_id, CONSTITUENT_ISSUE);
  const category = own(body, 'category');
  if (!options(def.pkg.forms.record, 'category').some((o) => o.code === category)) errors.push(err('/category', '请选择类别', 'Choose a category'));
  const rawContent = own(body, 'content');
  const content = typeof rawContent === 'string' ? rawContent.trim() : '';
  if (content === '' || len(content) > 2000) errors.push(err('/content', '请填写反映事项（不超过 2000 字）', 'Write the matter (at most 2,000 characters)'));
  const request = optionalText(body, 'request', 1000, '诉求', 'Request', errors);
  const citizen = parseCitizen(body, errors);
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `表单有 ${errors.length} 处需要修改`, { errors });

  const firstLine = content.split(/\r?\n/)[0] ?? content;
  const subject = len(firstLine) > 30 ? `${[...firstLine].slice(0, 30).join('')}…` : firstLine;
  const issue = { stationId: station.id, stationName: station.name, contactMode: 'ONLINE', receivedAt: countyDate(now), category, subject, content, ...(request ? { citizenRequest: request } : {}) };
  const receiptCode = newReceiptCode();
  const stationManagerId = await selectStationManagerDeputy(db, station.county_id, station.id);
  const instanceId = await startInstance(db, rt, { countyId: station.county_id, actor: CITIZEN }, CONSTITUENT_ISSUE, issue, { context: { stationManagerId } });
  await insertConstituentContact(db, { county_id: station.county_id, instance_id: instanceId, station_id: station.id, citizen_name: citizen.name, citizen_phone: citizen.phone, address: citizen.address, anonymous: citizen.anonymous, receipt_hash: receiptHash(receiptCode), created_at: now });
  await purgeOldPublicThrottle(db, now);
  return { receiptCode, stationName: station.name };
}

/**
 * Staff or a deputy record an issue with the citizen's data (reception, grid visit, phone,
 * letter, mailbox): `{issue: <record form>, citizen: {name, phone, address, anonymous}}`. The
 * record form is validated by the engine like any start; the citizen's part here; the station
 * must be of the caller's county.
 */
export async function recordIssue(db: Kysely<Database>, rt: Runtime, caller: CallerContext, body: unknown): Promise<{ instanceId: string; receiptCode: string }> {
  if (!isObject(body) || !isObject(own(body, 'issue')) || !isObject(own(body, 'citizen'))) throw new AppError('INVALID_BODY', 'Body must be {issue, citizen}');
  const issue = own(body, 'issue') as Record<string, unknown>;
  const errors: FieldError[] = [];
  const citizen = parseCitizen(own(body, 'citizen') as Record<string, unknown>, errors, '/citizen');
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `表单有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  const stationId = own(issue, 'stationId');
  const station = typeof stationId === 'string'
    ? await db.selectFrom('stations').select(['id', 'name']).where('county_id', '=', caller.countyId).where('id', '=', stationId).executeTakeFirst()
    : undefined;
  if (!station) throw new AppError('VALIDATION_FAILED', '找不到该联络站 / No such station', { errors: [err('/issue/stationId', '找不到该联络站', 'No such station')] });
  // The station's name is the registry's, whatever the caller sent: documents show it, never the id.
  // The station's manager (a deputy, not of the office) receives the triage tasks beside the office.
  const stationManagerId = await selectStationManagerDeputy(db, caller.countyId, station.id);
  const instanceId = await startInstance(db, rt, caller, CONSTITUENT_ISSUE, { ...issue, stationName: station.name }, { context: { stationManagerId } });
  const receiptCode = newReceiptCode();
  await insertConstituentContact(db, { county_id: caller.countyId, instance_id: instanceId, station_id: station.id, citizen_name: citizen.name, citizen_phone: citizen.phone, address: citizen.address, anonymous: citizen.anonymous, receipt_hash: receiptHash(receiptCode), created_at: rt.clock.now() });
  return { instanceId, receiptCode };
}

export interface CitizenView extends CitizenData {
  stationId: string;
  stationName: string;
  recordedAt: string;
}

/** Station (manager, attached deputies) and office (staff, admin) only; anyone else: "not found", as for an issue that does not exist. */
export async function citizenOfIssue(db: Kysely<Database>, caller: CallerContext, instanceId: string): Promise<CitizenView> {
  const row = await selectContactOfIssue(db, caller.countyId, instanceId, caller.actor.id);
  const { actor } = caller;
  const allowed = row !== undefined && (actor.roles.includes('staff') || actor.roles.includes('admin') || row.manager_id === actor.id || (actor.roles.includes('deputy') && row.caller_is_station_deputy));
  if (!row || !allowed) throw new AppError('INSTANCE_NOT_FOUND', 'No such issue, or its citizen is not yours to see');
  return {
    stationId: row.station_id,
    stationName: row.station_name,
    name: row.citizen_name,
    phone: row.citizen_phone,
    address: row.address,
    anonymous: row.anonymous,
    recordedAt: new Date(row.created_at).toISOString(),
  };
}

export interface IssueProgress {
  stationName: string;
  subject: string;
  category: { title: string; title_en: string } | null;
  submittedAt: string;
  state: { title: string; title_en: string };
  finished: boolean;
  steps: Array<{ title: string; title_en: string; at: string }>;
  reply: { result: { title: string; title_en: string } | null; text: string; at: string | null } | null;
  canGiveFeedback: boolean;
  feedback: { title: string; title_en: string } | null;
}

/** Receipt code + phone → the issue; any mismatch is the same 404, and every try counts against the address. */
async function byReceipt(db: Kysely<Database>, rt: Runtime, address: string | undefined | null, readBody: () => Promise<unknown>) {
  await checkPublicLimit(db, LOOKUP_PER_ADDRESS, publicAddress(address), rt.clock.now());
  const body = await readBody();
  if (!isObject(body)) throw new AppError('INVALID_BODY', '提交的内容格式不正确');
  const code = own(body, 'receiptCode');
  const phoneRaw = own(body, 'phone');
  const errors: FieldError[] = [];
  if (typeof code !== 'string' || !/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/.test(code.trim())) errors.push(err('/receiptCode', '回执码为 12 位字母和数字，如 ABCD-EFGH-JKMN', 'The receipt code has 12 letters and digits, e.g. ABCD-EFGH-JKMN'));
  const phone = typeof phoneRaw === 'string' ? normalPhone(phoneRaw) : null;
  if (phone === null) errors.push(err('/phone', '请填写提交时留下的电话号码', 'Give the phone number you left'));
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处需要修改`, { errors });
  const row = await selectContactByReceipt(db, receiptHash((code as string).trim()));
  const same = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
  if (!row || !same(row.citizen_phone, phone as string)) throw new AppError('RECEIPT_NOT_FOUND', '未找到：请核对回执码和手机号');
  return { row, body: body as Record<string, unknown> };
}

async function progressOf(db: Kysely<Database>, rt: Runtime, row: ReceiptRow): Promise<IssueProgress> {
  const { pkg } = await rt.registry.byHash(db, row.definition_hash);
  const ctx = (row.context ?? {}) as Record<string, unknown>;
  const top = row.state.split(',')[0]?.trim().split('.')[0] ?? '';
  const stateNode = Object.hasOwn(pkg.machine.states ?? {}, top) ? (pkg.machine.states as Record<string, { meta?: { title?: string; title_en?: string } }>)[top] : undefined;
  const reply = isObject(ctx.reply) ? ctx.reply : null;
  const feedback = isObject(ctx.feedback) ? ctx.feedback : null;
  const steps = (await selectIssueSteps(db, row.county_id, row.instance_id))
    .map((e) => ({ ...e, type: e.type === 'started' ? pkg.start?.event ?? e.type : e.type }))
    .filter((e) => pkg.events !== undefined && Object.hasOwn(pkg.events, e.type))
    .map((e) => ({ ...eventTitle(pkg, e.type), at: new Date(e.at).toISOString() }));
  return {
    stationName: row.station_name,
    subject: typeof ctx.subject === 'string' ? ctx.subject : '',
    category: optionTitle(pkg, 'record', 'category', ctx.category),
    submittedAt: new Date(row.created_at).toISOString(),
    state: { title: stateNode?.meta?.title ?? '', title_en: stateNode?.meta?.title_en ?? '' },
    finished: row.status !== 'running',
    steps,
    reply: reply ? { result: optionTitle(pkg, 'reply', 'result', reply.result), text: typeof reply.replyText === 'string' ? reply.replyText : '', at: typeof ctx.repliedAt === 'string' ? ctx.repliedAt : null } : null,
    canGiveFeedback: (await selectOpenFeedbackTask(db, row.county_id, row.instance_id)) !== undefined,
    feedback: feedback ? optionTitle(pkg, 'feedback', 'satisfaction', feedback.satisfaction) : null,
  };
}

export async function lookupIssue(db: Kysely<Database>, rt: Runtime, address: string | undefined | null, readBody: () => Promise<unknown>): Promise<IssueProgress> {
  return progressOf(db, rt, (await byReceipt(db, rt, address, readBody)).row);
}

/** The citizen's own feedback (满意 / 基本满意 / 不满意) on a replied issue, recorded as method ONLINE. */
export async function publicFeedback(db: Kysely<Database>, rt: Runtime, address: string | undefined | null, readBody: () => Promise<unknown>): Promise<IssueProgress> {
  const { row, body: b } = await byReceipt(db, rt, address, readBody);
  const satisfaction = own(b, 'satisfaction');
  const errors: FieldError[] = [];
  if (!['SATISFIED', 'BASIC', 'UNSATISFIED'].includes(satisfaction as string)) errors.push(err('/satisfaction', '请选择满意、基本满意或不满意', 'Choose satisfied, basically satisfied or not satisfied'));
  const comment = optionalText(b, 'comment', 1000, '意见', 'Comment', errors);
  for (const key of Object.keys(b)) if (!['receiptCode', 'phone', 'satisfaction', 'comment'].includes(key)) errors.push(err(`/${key}`, '表单中没有这一项', 'The form has no such field'));
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处需要修改`, { errors });
  const taskId = await selectOpenFeedbackTask(db, row.county_id, row.instance_id);
  if (!taskId) throw new AppError('TASK_NOT_OPEN', '该事项目前不在待评价阶段：答复后才能评价，每次答复评价一次。');
  await completeTask(db, rt, { countyId: row.county_id, actor: CITIZEN }, taskId, 'FEEDBACK', { satisfaction, method: 'ONLINE', ...(comment ? { comment } : {}) });
  const after = await selectContactByReceipt(db, receiptHash(String(b.receiptCode).trim()));
  return progressOf(db, rt, after ?? row);
}
