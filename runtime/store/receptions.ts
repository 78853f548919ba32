/**
 * Reception days (`reception-session`, DOMAIN §6.3): scheduling one by one or by a cadence,
 * the cadence generator, a station's calendar, a deputy's duty days and the §6.6 figures.
 *
 * Choices:
 * - **The notice** is published `noticeDays` (a setting of the process, 提前公告天数, default 3)
 *   **calendar days** before the start, at the same time of day (a day at Monday 09:00 with 3
 *   days: Friday 09:00). Provincial rules speak of "≥3 days" / "2 days before" without working
 *   days (DOMAIN §6.1, §6.3), and a notice on a Saturday is still a notice. The store computes
 *   `noticeAt` when it schedules the day (the engine has no date arithmetic in rules) and the
 *   process's timer `{at: context.noticeAt}` fires it; a day scheduled later than its notice
 *   time is announced at once.
 * - **The deputies' own reminder** goes out `reminderDays` (值班提醒提前工作日, default 3)
 *   **working days** before the start, on the county's holiday calendar, at the start's time of
 *   day (a Monday 09:00 day with 3: the Wednesday before, 09:00; over a holiday it moves back
 *   past it). Its message names the date in words (`dateLabel`), never "in 3 days". The store
 *   computes `reminderAt` as it does `noticeAt`; the process arms `{at: context.reminderAt}` in
 *   both `scheduled` and `announced` (the reminder may fall before or after the notice) and the
 *   guard on `reminderSentAt` sends it once. A day scheduled after its reminder time, or with
 *   `reminderDays` 0, gets `reminderAt: null` and no reminder: the notice tells the deputies.
 * - **The generator** makes, for each active cadence, the days after what it made last and up to
 *   now + `scheduleAheadDays` (按周期提前排期天数, default 35): each day a started instance, so
 *   its timer is durable. It runs when a cadence is created, when an admin asks
 *   (POST /api/reception-cadences/generate), and from every server's background loop every
 *   6 hours (generateAllReceptions); the cadence row is locked for the run, and the days it
 *   makes and its `generated_until` commit together, so runs never overlap.
 * - A county-wide 统一接待日 (a cadence with no station) makes one day per active station that
 *   has deputies attached; a station with none gets no day (a day needs a deputy on duty).
 */
import type { Kysely } from 'kysely';
import { addWorkingDays, start as startEngine, type Actor, type HolidayCalendar } from '../engine/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { currentDefinition } from './county-definitions.ts';
import { startInstance, type CallerContext } from './instance-service.ts';
import { checkCadence, checkTime, cadenceTitle, dateLabel, localInstant, occurrences, onDuty, type CadenceFields, type CadenceRule } from './reception-cadence.ts';
import type { CadenceView, ReceptionDayView } from './station-views.ts';
export type { CadenceView, ReceptionDayView } from './station-views.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { cadenceRows, type CadenceRow } from './sql/cadence-rows.ts';
import { deputyAttendanceRows, stationReceptionRows } from './sql/reception-statistics.ts';
import { receptionSessionRows } from './sql/reception-sessions.ts';
import { stationDeputyRows } from './sql/station-deputy-rows.ts';
import { stationRows, type StationRow } from './sql/station-rows.ts';
import { insertCadence, updateCadence } from './sql/write-cadence.ts';
import { checkIdList, type Checked } from './station-input.ts';
import { createInstance, type StepContext } from './step-writer.ts';
import type { StoreEvent } from './store-events.ts';

export const RECEPTION_PROCESS = 'reception-session';
const DAY_MS = 24 * 3600_000;

export interface ReceptionSettings {
  noticeDays: number;
  scheduleAheadDays: number;
  reminderDays: number;
}

async function settingsOf(db: Kysely<Database>, rt: Runtime, countyId: string): Promise<ReceptionSettings> {
  const def = await currentDefinition(db, rt, countyId, RECEPTION_PROCESS);
  const s = (def.pkg.settings ?? {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return { noticeDays: num(s.noticeDays, 3), scheduleAheadDays: num(s.scheduleAheadDays, 35), reminderDays: Math.floor(num(s.reminderDays, 3)) };
}

/** When the notice of a day starting at `startsAt` goes out: noticeDays calendar days before, same time. */
export function noticeInstant(startsAt: Date, noticeDays: number): Date {
  return new Date(startsAt.getTime() - noticeDays * DAY_MS);
}

/**
 * When the deputies on duty of a day on `date` at `startTime` (county time) are reminded:
 * reminderDays working days before, at the start's time of day; null for 0 days or when that
 * time is not after `now` (the day was scheduled too late for a reminder of its own).
 */
export function reminderInstant(calendar: HolidayCalendar, date: string, startTime: string, reminderDays: number, now: Date): Date | null {
  if (reminderDays <= 0) return null;
  const at = localInstant(addWorkingDays(calendar, date, -reminderDays), startTime);
  return at.getTime() > now.getTime() ? at : null;
}

interface Timing {
  settings: ReceptionSettings;
  calendar: HolidayCalendar;
  now: Date;
}

function sessionData(station: StationRow, date: string, startTime: string, endTime: string, place: string | null, deputyIds: string[], timing: Timing, cadence: { id: string; unified: boolean } | null): Record<string, unknown> {
  const { settings } = timing;
  const startsAt = localInstant(date, startTime);
  const reminderAt = reminderInstant(timing.calendar, date, startTime, settings.reminderDays, timing.now);
  const where = place ?? station.address;
  return {
    stationId: station.id,
    stationName: station.name,
    ...(where ? { place: where } : {}),
    startsAt: startsAt.toISOString(),
    endsAt: localInstant(date, endTime).toISOString(),
    dateLabel: dateLabel(date, startTime, endTime),
    deputyIds,
    managerId: station.manager_id,
    noticeAt: noticeInstant(startsAt, settings.noticeDays).toISOString(),
    reminderAt: reminderAt?.toISOString() ?? null,
    cadenceId: cadence?.id ?? null,
    unified: cadence?.unified ?? false,
  };
}

async function activeStation(db: Kysely<Database>, countyId: string, id: string): Promise<StationRow> {
  const [station] = await stationRows(db, countyId, { id });
  if (!station) throw new AppError('STATION_NOT_FOUND', `No station ${id} in this county`);
  if (!station.active) throw new AppError('INVALID_INPUT', '该站点已停用', { errors: [{ pointer: '/stationId', message: '该站点已停用', message_en: 'the station is deactivated' }] });
  return station;
}

export interface OneReceptionInput {
  stationId: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string | null;
  /** Empty: every deputy attached to the station. */
  deputyIds: string[];
}

export function checkOneReception(body: unknown): Checked<OneReceptionInput> {
  const errors: FieldError[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ pointer: '', message: '请求内容须为对象', message_en: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  const get = (k: string) => (Object.hasOwn(b, k) ? b[k] : undefined);
  for (const key of Object.keys(b)) if (!['stationId', 'date', 'startTime', 'endTime', 'place', 'deputyIds'].includes(key)) errors.push({ pointer: `/${key}`, message: '不支持的字段', message_en: 'is not a known field' });
  const stationId = get('stationId');
  if (typeof stationId !== 'string' || stationId === '' || stationId.length > 64) errors.push({ pointer: '/stationId', message: '请选择站点', message_en: 'is required' });
  const date = get('date');
  const validDate = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  if (!validDate) errors.push({ pointer: '/date', message: '请选择接待日期', message_en: 'must be a date YYYY-MM-DD' });
  const startTime = checkTime(get('startTime'), '/startTime', errors);
  const endTime = checkTime(get('endTime'), '/endTime', errors);
  if (startTime && endTime && endTime <= startTime) errors.push({ pointer: '/endTime', message: '结束时间须晚于开始时间', message_en: 'must be after the start time' });
  const place = get('place') ?? null;
  if (place !== null && (typeof place !== 'string' || [...place].length > 120)) errors.push({ pointer: '/place', message: '接待地点须为120字以内的文字', message_en: 'must be text of at most 120 characters' });
  const deputyIds = checkIdList(get('deputyIds') ?? [], '/deputyIds', errors);
  if (errors.length > 0 || !startTime || !endTime) return { ok: false, errors };
  return { ok: true, value: { stationId: stationId as string, date: date as string, startTime, endTime, place: typeof place === 'string' ? place.trim() || null : null, deputyIds: deputyIds ?? [] } };
}

/** One reception day, scheduled by hand: validated by the process's start form like any start. */
export async function scheduleReception(db: Kysely<Database>, rt: Runtime, caller: CallerContext, input: OneReceptionInput): Promise<string> {
  const station = await activeStation(db, caller.countyId, input.stationId);
  if (localInstant(input.date, input.startTime).getTime() <= rt.clock.now().getTime()) {
    throw new AppError('INVALID_INPUT', '接待时间须在今后', { errors: [{ pointer: '/date', message: '接待时间须在今后', message_en: 'must be in the future' }] });
  }
  const attached = (await stationDeputyRows(db, caller.countyId, [station.id])).filter((d) => d.active).map((d) => d.id);
  const deputyIds = input.deputyIds.length > 0 ? input.deputyIds : attached;
  if (deputyIds.length === 0) throw new AppError('INVALID_INPUT', '本站还没有代表，请先添加进站代表', { errors: [{ pointer: '/deputyIds', message: '请选择值班代表（本站还没有进站代表）', message_en: 'name the deputies on duty (none is attached to the station)' }] });
  const timing = { settings: await settingsOf(db, rt, caller.countyId), calendar: await rt.calendars.forCounty(db, caller.countyId), now: rt.clock.now() };
  return startInstance(db, rt, caller, RECEPTION_PROCESS, sessionData(station, input.date, input.startTime, input.endTime, input.place, deputyIds, timing, null), { scheduled: true });
}

function toCadenceView(r: CadenceRow): CadenceView {
  const rule = (typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule) as CadenceRule;
  const words = cadenceTitle(rule, r.start_time, r.end_time);
  const unified = r.station_id === null;
  return {
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    title: unified ? `全县统一接待日：${words.title}` : words.title,
    title_en: unified ? `County-wide reception day: ${words.title_en}` : words.title_en,
    rule,
    startTime: r.start_time,
    endTime: r.end_time,
    place: r.place,
    deputiesPerSession: r.deputies_per_session,
    generatedUntil: r.generated_until.toISOString(),
    active: r.active,
  };
}

export { checkCadence, type CadenceFields };

export async function listCadences(db: Kysely<Database>, countyId: string, stationId?: string): Promise<CadenceView[]> {
  return (await cadenceRows(db, { countyId, stationId })).map(toCadenceView);
}

/** A new cadence; its coming days are made in the same transaction. */
export async function createCadence(db: Kysely<Database>, rt: Runtime, caller: CallerContext, fields: CadenceFields): Promise<{ cadence: CadenceView; made: number }> {
  if (fields.stationId !== null) await activeStation(db, caller.countyId, fields.stationId);
  const id = rt.newId();
  const words = cadenceTitle(fields.rule, fields.startTime, fields.endTime);
  const emitted: StoreEvent[] = [];
  const made = await inTransaction(db, async (trx) => {
    await insertCadence(trx, caller.countyId, { ...fields, id, title: words.title, generatedUntil: rt.clock.now(), createdBy: caller.actor.id });
    return generateForCadence(trx, rt, caller.countyId, id, emitted);
  });
  rt.events.emitAll(emitted);
  const [row] = await cadenceRows(db, { countyId: caller.countyId, id });
  return { cadence: toCadenceView(row as CadenceRow), made };
}

export async function setCadenceActive(db: Kysely<Database>, countyId: string, id: string, active: boolean): Promise<CadenceView> {
  if (!(await updateCadence(db, countyId, id, { active }))) throw new AppError('CADENCE_NOT_FOUND', `No cadence ${id} in this county`);
  const [row] = await cadenceRows(db, { countyId, id });
  return toCadenceView(row as CadenceRow);
}

/** Make the coming days of every active cadence of the county; answers how many were made. */
export async function generateReceptions(db: Kysely<Database>, rt: Runtime, countyId: string): Promise<number> {
  let made = 0;
  for (const cadence of await cadenceRows(db, { countyId, active: true })) {
    const emitted: StoreEvent[] = [];
    made += await inTransaction(db, (trx) => generateForCadence(trx, rt, countyId, cadence.id, emitted));
    rt.events.emitAll(emitted);
  }
  return made;
}

/** The background run: every county with an active cadence. */
export async function generateAllReceptions(db: Kysely<Database>, rt: Runtime): Promise<number> {
  const counties = [...new Set((await cadenceRows(db, { active: true })).map((c) => c.county_id))];
  let made = 0;
  for (const countyId of counties) made += await generateReceptions(db, rt, countyId);
  return made;
}

/** Under the cadence's row lock: the days after generated_until up to now + scheduleAheadDays. */
async function generateForCadence(trx: Kysely<Database>, rt: Runtime, countyId: string, cadenceId: string, emitted: StoreEvent[]): Promise<number> {
  const [cadence] = await cadenceRows(trx, { countyId, id: cadenceId, forUpdate: true });
  if (!cadence || !cadence.active) return 0;
  const now = rt.clock.now();
  const settings = await settingsOf(trx, rt, countyId);
  const until = new Date(now.getTime() + settings.scheduleAheadDays * DAY_MS);
  const after = new Date(Math.max(cadence.generated_until.getTime(), now.getTime()));
  const rule = (typeof cadence.rule === 'string' ? JSON.parse(cadence.rule) : cadence.rule) as CadenceRule;
  const dates = occurrences(rule, cadence.start_time, after, until);
  const stations = cadence.station_id === null ? await stationRows(trx, countyId, { active: true }) : (await stationRows(trx, countyId, { id: cadence.station_id })).filter((s) => s.active);
  const deputies = await stationDeputyRows(trx, countyId, stations.map((s) => s.id));
  const def = await currentDefinition(trx, rt, countyId, RECEPTION_PROCESS);
  const calendar = await rt.calendars.forCounty(trx, countyId);
  const ctx: StepContext = { trx, rt, countyId, depth: 0, emitted };
  let k = cadence.sessions_made;
  let made = 0;
  for (const date of dates) {
    for (const station of stations) {
      const attached = deputies.filter((d) => d.station_id === station.id && d.active).map((d) => d.id);
      if (attached.length === 0) continue;
      const data = sessionData(station, date, cadence.start_time, cadence.end_time, cadence.place, onDuty(attached, cadence.deputies_per_session, k), { settings, calendar, now }, { id: cadence.id, unified: cadence.station_id === null });
      const input = { ...data, startedBy: null };
      await createInstance(ctx, def, input, null as Actor | null, null, undefined, startEngine(def, input, { clock: rt.clock, calendar }));
      made += 1;
    }
    k += 1;
  }
  await updateCadence(trx, countyId, cadence.id, { generatedUntil: until, sessionsMade: k });
  return made;
}

function stateWords(def: { pkg: { machine: { states?: Record<string, unknown> } } }, state: string): { title: string; title_en: string } {
  const s = def.pkg.machine.states?.[state] as { meta?: { title?: string; title_en?: string } } | undefined;
  return { title: s?.meta?.title ?? state, title_en: s?.meta?.title_en ?? s?.meta?.title ?? state };
}

/** Reception days between two instants: a station's calendar or a deputy's duty days. */
export async function listReceptionDays(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  f: { stationId?: string; deputyId?: string; from: Date; to: Date; limit?: number },
): Promise<ReceptionDayView[]> {
  const rows = await receptionSessionRows(db, countyId, { stationId: f.stationId, deputyId: f.deputyId, from: f.from.toISOString(), to: f.to.toISOString(), limit: f.limit ?? 200 });
  if (rows.length === 0) return [];
  const def = await currentDefinition(db, rt, countyId, RECEPTION_PROCESS);
  const contexts = rows.map((r) => (typeof r.context === 'string' ? JSON.parse(r.context) : r.context) as Record<string, unknown>);
  const ids = [...new Set(contexts.flatMap((c) => (Array.isArray(c.deputyIds) ? (c.deputyIds as string[]) : [])))];
  const names = new Map((await db.selectFrom('deputies').select(['user_id', 'name']).where('county_id', '=', countyId).where('user_id', 'in', ids.length > 0 ? ids : ['-']).execute()).map((d) => [d.user_id, d.name]));
  return rows.map((r, i) => {
    const c = contexts[i] as Record<string, unknown>;
    const words = stateWords(def, r.state);
    return {
      id: r.id,
      title: r.title,
      state: r.state,
      stateTitle: words.title,
      stateTitleEn: words.title_en,
      stationId: String(c.stationId),
      stationName: String(c.stationName),
      startsAt: String(c.startsAt),
      endsAt: String(c.endsAt),
      dateLabel: String(c.dateLabel),
      place: typeof c.place === 'string' ? c.place : null,
      noticeAt: String(c.noticeAt),
      deputies: ((c.deputyIds as string[]) ?? []).map((id) => ({ id, name: names.get(id) ?? id })),
      record: (c.record as ReceptionDayView['record']) ?? null,
    };
  });
}

export interface ReceptionStatistics {
  from: string;
  to: string;
  scheduled: number;
  held: number;
  deputyAttendances: number;
  citizensReceived: number;
  issuesRecorded: number;
  stations: Array<{ stationId: string; stationName: string; scheduled: number; held: number; deputyAttendances: number; citizensReceived: number; issuesRecorded: number }>;
  deputies: Array<{ deputyId: string; name: string; attendances: number }>;
}

/** §6.6: receptions held and deputy attendances (回家进站 人次), per station and per deputy. */
export async function receptionStatistics(db: Kysely<Database>, countyId: string, from: Date, to: Date): Promise<ReceptionStatistics> {
  const n = (v: unknown) => Number(v ?? 0);
  const stations = (await stationReceptionRows(db, countyId, from.toISOString(), to.toISOString())).map((r) => ({
    stationId: r.station_id,
    stationName: r.station_name,
    scheduled: n(r.scheduled),
    held: n(r.held),
    deputyAttendances: n(r.attendances),
    citizensReceived: n(r.citizens),
    issuesRecorded: n(r.issues),
  }));
  const deputies = (await deputyAttendanceRows(db, countyId, from.toISOString(), to.toISOString())).map((r) => ({ deputyId: r.deputy_id, name: r.name ?? r.deputy_id, attendances: n(r.attendances) }));
  const sum = (k: 'scheduled' | 'held' | 'deputyAttendances' | 'citizensReceived' | 'issuesRecorded') => stations.reduce((a, s) => a + s[k], 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    scheduled: sum('scheduled'),
    held: sum('held'),
    deputyAttendances: sum('deputyAttendances'),
    citizensReceived: sum('citizensReceived'),
    issuesRecorded: sum('issuesRecorded'),
    stations,
    deputies,
  };
}
