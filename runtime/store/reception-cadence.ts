/**
 * Reception cadences as rules (接待周期, DOMAIN §6.3): which local days a cadence falls on, the
 * words a person reads for it, and the checks of a cadence body. Pure: no clock, no database.
 *
 * Times are wall-clock in the county's zone (China Standard Time, UTC+8, no daylight saving),
 * so `2026-12-14` at `09:00` is `2026-12-14T01:00:00Z`.
 */
import type { FieldError } from '../errors.ts';
import type { Checked } from './station-input.ts';

export type CadenceRule = { kind: 'WEEKLY'; weekday: number } | { kind: 'MONTHLY'; day: number; months: 'ALL' | 'ODD' | 'EVEN' };

export interface CadenceFields {
  /** Null: a county-wide 统一接待日 for every active station. */
  stationId: string | null;
  rule: CadenceRule;
  startTime: string;
  endTime: string;
  place: string | null;
  deputiesPerSession: number;
}

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
export const WEEKDAY_TITLES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const MONTHS_TITLES = { ALL: { title: '每月', title_en: 'every month' }, ODD: { title: '单月', title_en: 'odd months' }, EVEN: { title: '双月', title_en: 'even months' } } as const;

/** The local date (YYYY-MM-DD) of an instant in the county. */
export function localDateOf(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local date and wall-clock time (HH:MM) in the county. */
export function localInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_MS);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function fallsOn(rule: CadenceRule, date: string): boolean {
  if (rule.kind === 'WEEKLY') return isoWeekday(date) === rule.weekday;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (day !== rule.day) return false;
  return rule.months === 'ALL' || (rule.months === 'ODD' ? month % 2 === 1 : month % 2 === 0);
}

/** The start instants of a cadence's days after `after` (exclusive) up to `until` (inclusive). */
export function occurrences(rule: CadenceRule, startTime: string, after: Date, until: Date): string[] {
  const out: string[] = [];
  const last = localDateOf(until);
  for (let d = localDateOf(after); d <= last; d = nextDate(d)) {
    if (!fallsOn(rule, d)) continue;
    const at = localInstant(d, startTime);
    if (at.getTime() > after.getTime() && at.getTime() <= until.getTime()) out.push(d);
  }
  return out;
}

/** “2026年12月14日（周一）09:00–11:00”: how a reception day is named on pages and in notices. */
export function dateLabel(date: string, startTime: string, endTime: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日（${WEEKDAY_TITLES[isoWeekday(date)]}）${startTime}–${endTime}`;
}

/** “每周一 09:00–11:00”, “单月15日 09:00–11:00”. */
export function cadenceTitle(rule: CadenceRule, startTime: string, endTime: string): { title: string; title_en: string } {
  if (rule.kind === 'WEEKLY') {
    return { title: `每${WEEKDAY_TITLES[rule.weekday]} ${startTime}–${endTime}`, title_en: `Every ${WEEKDAY_EN[rule.weekday]} ${startTime}–${endTime}` };
  }
  const m = MONTHS_TITLES[rule.months];
  return { title: `${m.title}${rule.day}日 ${startTime}–${endTime}`, title_en: `Day ${rule.day} of ${m.title_en} ${startTime}–${endTime}` };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function err(errors: FieldError[], pointer: string, message: string, message_en: string): undefined {
  errors.push({ pointer, message, message_en });
  return undefined;
}

function own(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

export function checkRule(v: unknown, errors: FieldError[]): CadenceRule | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return err(errors, '/rule', '请选择接待周期', 'must be an object');
  const r = v as Record<string, unknown>;
  const kind = own(r, 'kind');
  if (kind === 'WEEKLY') {
    const weekday = own(r, 'weekday');
    if (!(Number.isInteger(weekday) && (weekday as number) >= 1 && (weekday as number) <= 7)) return err(errors, '/rule/weekday', '请选择星期几', 'must be 1 (Monday) to 7 (Sunday)');
    return { kind, weekday: weekday as number };
  }
  if (kind === 'MONTHLY') {
    const day = own(r, 'day');
    const months = own(r, 'months') ?? 'ALL';
    if (!(Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 28)) return err(errors, '/rule/day', '日期须为每月1至28日', 'must be a day from 1 to 28');
    if (months !== 'ALL' && months !== 'ODD' && months !== 'EVEN') return err(errors, '/rule/months', '请选择每月、单月或双月', 'must be ALL, ODD or EVEN');
    return { kind, day: day as number, months };
  }
  return err(errors, '/rule/kind', '请选择每周或每月', 'must be WEEKLY or MONTHLY');
}

export function checkTime(v: unknown, pointer: string, errors: FieldError[]): string | undefined {
  if (typeof v !== 'string' || !TIME.test(v)) return err(errors, pointer, '时间须为“时:分”，如 09:00', 'must be a time HH:MM');
  return v;
}

export function checkCadence(body: unknown): Checked<CadenceFields> {
  const errors: FieldError[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ pointer: '', message: '请求内容须为对象', message_en: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['stationId', 'rule', 'startTime', 'endTime', 'place', 'deputiesPerSession'].includes(key)) err(errors, `/${key}`, '不支持的字段', 'is not a known field');
  }
  const stationId = own(b, 'stationId') ?? null;
  if (stationId !== null && (typeof stationId !== 'string' || stationId === '' || stationId.length > 64)) err(errors, '/stationId', '站点无效', 'must be a station id or null');
  const rule = checkRule(own(b, 'rule'), errors);
  const startTime = checkTime(own(b, 'startTime'), '/startTime', errors);
  const endTime = checkTime(own(b, 'endTime'), '/endTime', errors);
  if (startTime && endTime && endTime <= startTime) err(errors, '/endTime', '结束时间须晚于开始时间', 'must be after the start time');
  const placeRaw = own(b, 'place') ?? null;
  let place: string | null = null;
  if (placeRaw !== null) {
    if (typeof placeRaw !== 'string' || [...placeRaw].length > 120) err(errors, '/place', '接待地点须为120字以内的文字', 'must be text of at most 120 characters');
    else place = placeRaw.trim() || null;
  }
  const per = own(b, 'deputiesPerSession') ?? 0;
  if (!(Number.isInteger(per) && (per as number) >= 0 && (per as number) <= 50)) err(errors, '/deputiesPerSession', '每次值班代表人数须为0至50（0为全部）', 'must be 0 (all) to 50');
  if (errors.length > 0 || !rule || !startTime || !endTime) return { ok: false, errors };
  return { ok: true, value: { stationId: stationId as string | null, rule, startTime, endTime, place, deputiesPerSession: per as number } };
}

/** The deputies on duty for the `k`-th day of a cadence: all, or `n` in turn. */
export function onDuty(deputyIds: readonly string[], n: number, k: number): string[] {
  if (n <= 0 || n >= deputyIds.length) return [...deputyIds];
  return Array.from({ length: n }, (_, i) => deputyIds[(k * n + i) % deputyIds.length] as string);
}
