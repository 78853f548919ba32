/**
 * Validation of the station bodies (POST /api/stations, PATCH /api/stations/:id) and of the
 * reception scheduling bodies: every field error at once (JSON pointer, Chinese and English),
 * as a value; the caller throws one 400 INVALID_INPUT with all of them and writes nothing.
 * Control characters never get here (readJson refuses them with 400 INVALID_TEXT). Keys are
 * read as own properties only.
 */
import type { FieldError } from '../errors.ts';
import type { StationLevel } from './schema.ts';

export const STATION_LEVELS: readonly StationLevel[] = ['HOME', 'STATION', 'POINT'];
/** Words of the levels (DOMAIN §6.1), for pages and errors. */
export const STATION_LEVEL_TITLES: Record<StationLevel, { title: string; title_en: string }> = {
  HOME: { title: '代表之家', title_en: 'Deputies\' home' },
  STATION: { title: '代表联络站', title_en: 'Deputies\' liaison station' },
  POINT: { title: '代表联系点', title_en: 'Deputies\' contact point' },
};
export const STATION_NAME_MAX = 60;
const TEXT_MAX = 120;
const GRIDS_MAX = 100;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface StationFields {
  name: string;
  nameEn: string | null;
  level: StationLevel;
  township: string | null;
  address: string | null;
  managerId: string | null;
  grids: string[];
}

export type StationPatch = Partial<StationFields> & { active?: boolean };

const STATION_KEYS = ['name', 'nameEn', 'level', 'township', 'address', 'managerId', 'grids'] as const;

function err(errors: FieldError[], pointer: string, message: string, message_en: string): undefined {
  errors.push({ pointer, message, message_en });
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function own(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

/** Optional text: a string (trimmed; blank → null) or null. */
function optionalText(v: unknown, pointer: string, label: string, max: number, errors: FieldError[]): string | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return err(errors, pointer, `${label}须为文字`, 'must be a string or null');
  const t = v.trim();
  if ([...t].length > max) return err(errors, pointer, `${label}不能超过${max}个字`, `must be at most ${max} characters`);
  return t === '' ? null : t;
}

function checkFields(body: Record<string, unknown>, partial: boolean, errors: FieldError[]): Partial<StationFields> {
  const out: Partial<StationFields> = {};
  const has = (k: string) => Object.hasOwn(body, k);
  if (!partial || has('name')) {
    const v = own(body, 'name');
    if (typeof v !== 'string' || v.trim() === '') err(errors, '/name', '站点名称必填', 'is required (a non-empty string)');
    else if ([...v.trim()].length > STATION_NAME_MAX) err(errors, '/name', `站点名称不能超过${STATION_NAME_MAX}个字`, `must be at most ${STATION_NAME_MAX} characters`);
    else out.name = v.trim();
  }
  if (!partial || has('level')) {
    const v = own(body, 'level');
    if (typeof v !== 'string' || !(STATION_LEVELS as readonly string[]).includes(v)) {
      err(errors, '/level', '请选择站点类别：代表之家、代表联络站或代表联系点', 'must be one of HOME, STATION, POINT');
    } else out.level = v as StationLevel;
  }
  for (const [key, label, max] of [['nameEn', '英文名称', TEXT_MAX], ['township', '所在镇（街道）', 40], ['address', '地址', TEXT_MAX], ['managerId', '站长（联络员）', 64]] as const) {
    if (!partial || has(key)) {
      const v = optionalText(own(body, key), `/${key}`, label, max, errors);
      if (v !== undefined) out[key] = v;
    }
  }
  if (!partial || has('grids')) {
    const v = own(body, 'grids') ?? [];
    if (!Array.isArray(v) || v.length > GRIDS_MAX) err(errors, '/grids', `网格须为名称列表（最多${GRIDS_MAX}个）`, `must be a list of at most ${GRIDS_MAX} names`);
    else {
      const grids: string[] = [];
      v.forEach((g, i) => {
        if (typeof g !== 'string' || g.trim() === '' || [...g.trim()].length > 40) err(errors, `/grids/${i}`, '网格名称须为1至40个字', 'must be a name of 1–40 characters');
        else if (!grids.includes(g.trim())) grids.push(g.trim());
      });
      out.grids = grids;
    }
  }
  return out;
}

function unknownKeys(body: Record<string, unknown>, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) err(errors, `/${key}`, '不支持的字段', 'is not a known field');
}

export function checkNewStation(body: unknown): Checked<StationFields & { deputyIds: string[] }> {
  const errors: FieldError[] = [];
  if (!isObject(body)) return { ok: false, errors: [{ pointer: '', message: '请求内容须为对象', message_en: 'must be an object' }] };
  unknownKeys(body, [...STATION_KEYS, 'deputyIds'], errors);
  const fields = checkFields(body, false, errors);
  const deputyIds = checkIdList(own(body, 'deputyIds') ?? [], '/deputyIds', errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...(fields as StationFields), deputyIds: deputyIds ?? [] } };
}

export function checkStationPatch(body: unknown): Checked<StationPatch> {
  const errors: FieldError[] = [];
  if (!isObject(body) || Object.keys(body).length === 0) return { ok: false, errors: [{ pointer: '', message: '请至少修改一项', message_en: 'must be an object with at least one field' }] };
  unknownKeys(body, [...STATION_KEYS, 'active'], errors);
  const fields: StationPatch = checkFields(body, true, errors);
  if (Object.hasOwn(body, 'active')) {
    if (typeof body.active !== 'boolean') err(errors, '/active', '启用状态须为是或否', 'must be true or false');
    else fields.active = body.active;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: fields };
}

/** A list of 0–200 distinct ids. */
export function checkIdList(v: unknown, pointer: string, errors: FieldError[]): string[] | undefined {
  if (!Array.isArray(v) || v.length > 200) return err(errors, pointer, '须为代表列表（最多200人）', 'must be a list of at most 200 ids');
  const ids: string[] = [];
  v.forEach((id, i) => {
    if (typeof id !== 'string' || id === '' || id.length > 64) err(errors, `${pointer}/${i}`, '代表无效', 'must be an id');
    else if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}
