/**
 * Validation of the request bodies of the roster, term and session routes. Returns every
 * field error at once (JSON pointer, Chinese and English message) as a value, like
 * server/user-input.ts; the route throws one 400 with all of them.
 */
import type { FieldError } from '../errors.ts';
import type { RosterInput } from './types.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface NewTerm {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface NewSession {
  id: string;
  name: string;
  heldOn: string | null;
}

export interface RosterImportBody {
  input: RosterInput;
  termId: string | null;
}

/** Term and session ids appear in URLs: `18`, `18-1`. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const NAME_MAX = 64;

function fieldError(pointer: string, message: string, message_en: string): FieldError {
  return { pointer, message, message_en };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkUnknown(body: Record<string, unknown>, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) errors.push(fieldError(`/${key}`, '不支持的字段', 'is not a known field'));
  }
}

function checkId(v: unknown, pointer: string, errors: FieldError[]): string | undefined {
  if (typeof v === 'string' && ID_PATTERN.test(v)) return v;
  errors.push(fieldError(pointer, '编号须为1至32位字母、数字或 . _ -', 'must be 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit'));
  return undefined;
}

function checkName(v: unknown, errors: FieldError[]): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') {
    errors.push(fieldError('/name', '名称必填', 'is required (a non-empty string)'));
    return undefined;
  }
  if (v.trim().length > NAME_MAX) {
    errors.push(fieldError('/name', `名称不能超过${NAME_MAX}个字`, `must be at most ${NAME_MAX} characters`));
    return undefined;
  }
  return v.trim();
}

/** A real calendar date as YYYY-MM-DD (2026-02-30 is refused), or null when absent. */
function checkDate(v: unknown, pointer: string, errors: FieldError[]): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return v;
  }
  errors.push(fieldError(pointer, '日期须为 YYYY-MM-DD', 'must be a date YYYY-MM-DD'));
  return undefined;
}

export function checkNewTerm(body: unknown): Checked<NewTerm> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  checkUnknown(body, ['id', 'name', 'startsOn', 'endsOn'], errors);
  const id = checkId(body.id, '/id', errors);
  const name = checkName(body.name, errors);
  const startsOn = checkDate(body.startsOn, '/startsOn', errors);
  const endsOn = checkDate(body.endsOn, '/endsOn', errors);
  if (startsOn && endsOn && endsOn < startsOn) errors.push(fieldError('/endsOn', '结束日期不能早于开始日期', 'must not be before startsOn'));
  if (errors.length > 0 || !id || !name || startsOn === undefined || endsOn === undefined) return { ok: false, errors };
  return { ok: true, value: { id, name, startsOn, endsOn } };
}

export function checkNewSession(body: unknown): Checked<NewSession> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  checkUnknown(body, ['id', 'name', 'heldOn'], errors);
  const id = checkId(body.id, '/id', errors);
  const name = checkName(body.name, errors);
  const heldOn = checkDate(body.heldOn, '/heldOn', errors);
  if (errors.length > 0 || !id || !name || heldOn === undefined) return { ok: false, errors };
  return { ok: true, value: { id, name, heldOn } };
}

/**
 * `{format: 'csv', text}`, `{format: 'csv' | 'xlsx', base64}`; the import also takes
 * `termId`. Whether the base64 decodes is checked when the file is read.
 */
export function checkRosterBody(body: unknown, opts: { import: boolean }): Checked<RosterImportBody> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  checkUnknown(body, ['format', 'text', 'base64', ...(opts.import ? ['termId'] : [])], errors);
  const { format, text, base64 } = body;
  let input: RosterInput | undefined;
  if (format !== 'csv' && format !== 'xlsx') {
    errors.push(fieldError('/format', '格式须为 csv 或 xlsx', 'must be "csv" or "xlsx"'));
  } else if (text !== undefined && base64 !== undefined) {
    errors.push(fieldError('/base64', '只能给出 text 或 base64 之一', 'give either text or base64, not both'));
  } else if (format === 'csv' && typeof text === 'string') {
    input = { format, text };
  } else if (typeof base64 === 'string') {
    input = { format, base64 };
  } else if (format === 'xlsx' && text !== undefined) {
    errors.push(fieldError('/text', 'xlsx 文件须以 base64 上传', 'an xlsx file must be sent as base64'));
  } else {
    errors.push(fieldError(format === 'csv' ? '/text' : '/base64', '缺少文件内容', format === 'csv' ? 'text (or base64) is required' : 'base64 is required'));
  }
  let termId: string | null = null;
  if (opts.import && body.termId !== undefined && body.termId !== null) {
    termId = checkId(body.termId, '/termId', errors) ?? null;
  }
  if (errors.length > 0 || !input) return { ok: false, errors };
  return { ok: true, value: { input, termId } };
}
