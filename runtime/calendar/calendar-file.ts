/**
 * What an admin sends to change a county's holiday calendar, checked before anything is
 * written: one day (`{date, kind, name}`) or a whole file in the shape of the shipped national
 * calendar (runtime/engine/calendar-cn.json, the State Council's notice, README "Holiday
 * calendars"). Pure and isomorphic; every error is a field error in both languages, so a bad
 * file is refused whole with every mistake listed and nothing written.
 */
import { dateWords } from '../engine/calendar.ts';
import type { FieldError } from '../errors.ts';

export type DayKind = 'holiday' | 'workday';

/** One year of a calendar with the names of its days (date → name). */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  names: Record<string, string>;
}

export interface NewDay {
  date: string;
  kind: DayKind;
  name: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Years a calendar may hold: the product's clock never leaves this range. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** A notice names a handful of holidays; a whole file of 10 years stays far below this. */
export const MAX_DAYS_PER_YEAR = 120;
export const MAX_YEARS_PER_FILE = 10;
export const NAME_MAX = 40;
/** The name given to an adjusted working day the file does not name (the notice never does). */
export const WORKDAY_NAME = '调休上班 Adjusted working day';

const err = (pointer: string, message: string, message_en: string): FieldError => ({ pointer, message, message_en });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A year from the query (`?year=2027`) or a file's key, or null. */
export function parseYear(text: string | undefined): number | null {
  if (text === undefined || !/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

function checkName(v: unknown, pointer: string, errors: FieldError[]): string | undefined {
  if (typeof v === 'string') {
    const name = v.trim();
    // Control and format characters would hide text in the list; the name is shown as is.
    if (name.length >= 1 && name.length <= NAME_MAX && !/[\p{Cc}\p{Cf}]/u.test(name)) return name;
  }
  errors.push(err(pointer, `名称须为1至${NAME_MAX}个字`, `must be 1 to ${NAME_MAX} characters`));
  return undefined;
}

/** `{date, kind, name}`: the date's year is the year the day is added to. */
export function checkNewDay(body: unknown): Checked<NewDay> {
  if (!isObject(body)) return { ok: false, errors: [err('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!['date', 'kind', 'name'].includes(key)) errors.push(err(`/${key}`, '不支持的字段', 'is not a known field'));
  const date = body.date;
  if (!isDate(date)) errors.push(err('/date', '日期须为 YYYY-MM-DD', 'must be a date YYYY-MM-DD'));
  else if (parseYear(date.slice(0, 4)) === null) errors.push(err('/date', `日期须在${MIN_YEAR}至${MAX_YEAR}年之间`, `must be from ${MIN_YEAR} to ${MAX_YEAR}`));
  const kind = body.kind;
  if (kind !== 'holiday' && kind !== 'workday') errors.push(err('/kind', '请选择“放假”或“调休上班”', 'must be holiday or workday'));
  const name = checkName(body.name, '/name', errors);
  if (errors.length > 0 || !name) return { ok: false, errors };
  return { ok: true, value: { date: date as string, kind: kind as DayKind, name } };
}

/**
 * A calendar file: `{years: {"2027": {holidays: {name: [dates]}, workdays: [dates] |
 * {name: [dates]}}}}`, other top-level keys (description, sources) ignored. Every date must
 * lie in its year, no date twice in a year, at least one holiday per year.
 */
export function checkCalendarFile(body: unknown): Checked<CalendarYear[]> {
  if (!isObject(body) || !isObject(body.years)) {
    return { ok: false, errors: [err('/years', '文件须含 years 对象（与国务院通知文件格式相同）', 'the file must hold a "years" object (the shape of the national calendar file)')] };
  }
  const errors: FieldError[] = [];
  const entries = Object.entries(body.years);
  if (entries.length === 0) errors.push(err('/years', '文件中没有年份', 'the file holds no year'));
  if (entries.length > MAX_YEARS_PER_FILE) errors.push(err('/years', `一次最多导入${MAX_YEARS_PER_FILE}年`, `at most ${MAX_YEARS_PER_FILE} years per file`));
  const out: CalendarYear[] = [];
  for (const [key, data] of entries.slice(0, MAX_YEARS_PER_FILE)) {
    const at = `/years/${key}`;
    const year = parseYear(key);
    if (year === null) {
      errors.push(err(at, `年份须为${MIN_YEAR}至${MAX_YEAR}的四位数字`, `a year must be four digits from ${MIN_YEAR} to ${MAX_YEAR}`));
      continue;
    }
    if (!isObject(data) || !isObject(data.holidays)) {
      errors.push(err(`${at}/holidays`, '须为“节日名称: [日期…]”', 'must map each holiday name to its dates'));
      continue;
    }
    const y: CalendarYear = { year, holidays: [], workdays: [], names: {} };
    const add = (date: unknown, name: string, kind: DayKind, pointer: string) => {
      if (!isDate(date)) return errors.push(err(pointer, '日期须为 YYYY-MM-DD', 'must be a date YYYY-MM-DD'));
      if (date.slice(0, 4) !== key) return errors.push(err(pointer, `${dateWords(date).zh}不在${year}年内`, `${dateWords(date).en} is not in ${year}`));
      if (y.names[date] !== undefined) return errors.push(err(pointer, `${dateWords(date).zh}出现了两次`, `${dateWords(date).en} appears twice`));
      y.names[date] = name;
      (kind === 'holiday' ? y.holidays : y.workdays).push(date);
    };
    const addGroup = (group: Record<string, unknown>, kind: DayKind, base: string) => {
      for (const [rawName, dates] of Object.entries(group)) {
        const pointer = `${base}/${rawName.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const name = checkName(rawName, pointer, errors);
        if (!Array.isArray(dates)) errors.push(err(pointer, '须为日期列表', 'must be a list of dates'));
        else if (name) dates.forEach((d, i) => add(d, name, kind, `${pointer}/${i}`));
      }
    };
    addGroup(data.holidays, 'holiday', `${at}/holidays`);
    if (Array.isArray(data.workdays)) data.workdays.forEach((d, i) => add(d, WORKDAY_NAME, 'workday', `${at}/workdays/${i}`));
    else if (isObject(data.workdays)) addGroup(data.workdays, 'workday', `${at}/workdays`);
    else if (data.workdays !== undefined) errors.push(err(`${at}/workdays`, '须为日期列表', 'must be a list of dates'));
    if (y.holidays.length === 0) errors.push(err(`${at}/holidays`, `${year}年没有任何节假日`, `${year} has no holiday`));
    if (y.holidays.length + y.workdays.length > MAX_DAYS_PER_YEAR) errors.push(err(at, `一年最多${MAX_DAYS_PER_YEAR}天`, `at most ${MAX_DAYS_PER_YEAR} days a year`));
    y.holidays.sort();
    y.workdays.sort();
    out.push(y);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: out.sort((a, b) => a.year - b.year) };
}
