/**
 * Validation of the handling-unit bodies (POST /api/units, PATCH /api/units/:id). Every field
 * error at once (JSON pointer, Chinese and English message) as a value, like user-input.ts;
 * the route throws one 400 with all of them. Control characters never get here: readJson
 * refuses them with 400 INVALID_TEXT.
 */
import type { FieldError } from '../runtime/errors.ts';
import type { UnitChange } from '../runtime/store/index.ts';
import { isObject } from './request-body.ts';
import type { Checked } from './user-input.ts';

/** 县住房和城乡建设局 is 9 characters; the longest bureau names of a county stay well under 40. */
export const UNIT_NAME_MAX = 40;
export const UNIT_NAME_EN_MAX = 120;
/**
 * 简称 (发文机关代字) in the answer letters' numbers: 县卫健委, 县发改局 — four to six characters in
 * practice; 12 leaves room without letting a full name in by mistake.
 */
export const UNIT_SHORT_NAME_MAX = 12;

export interface NewUnitInput {
  name: string;
  nameEn: string | null;
  shortName: string | null;
}

function fieldError(pointer: string, message: string, message_en: string): FieldError {
  return { pointer, message, message_en };
}

function checkUnknown(body: Record<string, unknown>, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) errors.push(fieldError(`/${key}`, '不支持的字段', 'is not a known field'));
  }
}

/** Trimmed; counted in code points as Ajv counts maxLength. */
function checkName(v: unknown, errors: FieldError[]): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') {
    errors.push(fieldError('/name', '单位名称必填', 'is required (a non-empty string)'));
    return undefined;
  }
  const name = v.trim();
  if ([...name].length > UNIT_NAME_MAX) {
    errors.push(fieldError('/name', `单位名称不能超过${UNIT_NAME_MAX}个字`, `must be at most ${UNIT_NAME_MAX} characters`));
    return undefined;
  }
  return name;
}

/** An optional text field: its pointer, its title in Chinese, its longest length, and a unit of length ("个字" / "个字符"). */
interface OptionalText {
  pointer: string;
  title: string;
  max: number;
  per: string;
  /** Characters it may not hold, with the refusal's words. */
  refuse?: { pattern: RegExp; message: string; message_en: string };
}

/** A string (trimmed; blank → null, which clears the field) or null; undefined with a field error when bad. */
function checkOptionalText(v: unknown, field: OptionalText, errors: FieldError[]): string | null | undefined {
  if (v === null) return null;
  if (typeof v !== 'string') {
    errors.push(fieldError(field.pointer, `${field.title}须为文字`, 'must be a string or null'));
    return undefined;
  }
  const text = v.trim();
  if ([...text].length > field.max) {
    errors.push(fieldError(field.pointer, `${field.title}不能超过${field.max}${field.per}`, `must be at most ${field.max} characters`));
    return undefined;
  }
  if (field.refuse?.pattern.test(text)) {
    errors.push(fieldError(field.pointer, field.refuse.message, field.refuse.message_en));
    return undefined;
  }
  return text === '' ? null : text;
}

const NAME_EN: OptionalText = { pointer: '/nameEn', title: '英文名称', max: UNIT_NAME_EN_MAX, per: '个字符' };

/**
 * The short name goes into a letter number between nothing and 函〔2026〕, so it may not hold
 * spaces, control characters (refused here too, not only by readJson: the checker stands on its
 * own) or the brackets 〔〕 of the number.
 */
const SHORT_NAME: OptionalText = {
  pointer: '/shortName',
  title: '简称',
  max: UNIT_SHORT_NAME_MAX,
  per: '个字',
  refuse: { pattern: /[\p{Cc}\p{Cf}\s〔〕]/u, message: '简称不能含空格、控制字符或〔〕', message_en: 'may not contain spaces, control characters or 〔〕' },
};

export function checkNewUnit(body: unknown): Checked<NewUnitInput> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  checkUnknown(body, ['name', 'nameEn', 'shortName'], errors);
  const name = checkName(body.name, errors);
  const nameEn = body.nameEn === undefined ? null : checkOptionalText(body.nameEn, NAME_EN, errors);
  const shortName = body.shortName === undefined ? null : checkOptionalText(body.shortName, SHORT_NAME, errors);
  if (errors.length > 0 || name === undefined || nameEn === undefined || shortName === undefined) return { ok: false, errors };
  return { ok: true, value: { name, nameEn, shortName } };
}

export function checkUnitPatch(body: unknown): Checked<UnitChange> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  const fields = ['name', 'nameEn', 'shortName', 'active'] as const;
  checkUnknown(body, fields, errors);
  if (!fields.some((f) => body[f] !== undefined)) errors.push(fieldError('', '至少修改一项：名称、英文名称、简称或启用状态', `must change at least one of ${fields.join(', ')}`));
  const change: UnitChange = {};
  if (body.name !== undefined) {
    const v = checkName(body.name, errors);
    if (v !== undefined) change.name = v;
  }
  if (body.nameEn !== undefined) {
    const v = checkOptionalText(body.nameEn, NAME_EN, errors);
    if (v !== undefined) change.nameEn = v;
  }
  if (body.shortName !== undefined) {
    const v = checkOptionalText(body.shortName, SHORT_NAME, errors);
    if (v !== undefined) change.shortName = v;
  }
  if (body.active !== undefined) {
    if (typeof body.active === 'boolean') change.active = body.active;
    else errors.push(fieldError('/active', '须为是或否', 'must be a boolean'));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: change };
}
