/**
 * Validation of the user-management bodies. Returns every field error at once (JSON pointer,
 * Chinese and English message) as a value; the route throws one 400 with all of them.
 */
import type { FieldError } from '../runtime/errors.ts';
import { passwordProblem } from '../runtime/password-policy.ts';
import { ROLES, type NewUser, type Role, type UserPatch } from '../runtime/store/index.ts';
import { isObject } from './request-body.ts';
import { isUnitPosition, UNIT_POSITIONS, type UnitPosition } from '../runtime/engine/index.ts';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;
const DISPLAY_NAME_MAX = 64;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export type NewUserInput = Required<Pick<NewUser, 'username' | 'displayName' | 'password' | 'roles'>> & { unitId: string | null; positions: UnitPosition[] };

function fieldError(pointer: string, message: string, message_en: string): FieldError {
  return { pointer, message, message_en };
}

function checkUnknown(body: Record<string, unknown>, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) errors.push(fieldError(`/${key}`, '不支持的字段', 'is not a known field'));
  }
}

function checkDisplayName(v: unknown, errors: FieldError[]): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') {
    errors.push(fieldError('/displayName', '姓名必填', 'is required (a non-empty string)'));
    return undefined;
  }
  // Counted in characters (code points) as Ajv counts maxLength: 𠀀 (CJK extension B) is one, not two.
  if ([...v.trim()].length > DISPLAY_NAME_MAX) errors.push(fieldError('/displayName', `姓名不能超过${DISPLAY_NAME_MAX}个字`, `must be at most ${DISPLAY_NAME_MAX} characters`));
  return v.trim();
}

/** The password rule lives in runtime/password-policy.ts; the username is the account's. */
function checkPassword(v: unknown, username: string | undefined, errors: FieldError[]): string | undefined {
  const problem = passwordProblem(v, { username });
  if (problem) {
    errors.push(problem);
    return undefined;
  }
  return v as string;
}

function checkRoles(v: unknown, errors: FieldError[]): Role[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    errors.push(fieldError('/roles', '至少选择一个角色', `must be a non-empty array of ${ROLES.join(', ')}`));
    return undefined;
  }
  let ok = true;
  v.forEach((role, i) => {
    if (!(ROLES as readonly unknown[]).includes(role)) {
      ok = false;
      errors.push(fieldError(`/roles/${i}`, '未知角色', `must be one of ${ROLES.join(', ')}`));
    }
  });
  return ok ? (v as Role[]) : undefined;
}

/** Positions in the unit (经办人, 审核人, 签发人): several allowed, none repeated. */
function checkPositions(v: unknown, errors: FieldError[]): UnitPosition[] | undefined {
  if (!Array.isArray(v) || v.length > UNIT_POSITIONS.length) {
    errors.push(fieldError('/positions', '单位内职务须为经办人、审核人、签发人中的若干项', `must be an array of ${UNIT_POSITIONS.join(', ')}`));
    return undefined;
  }
  let ok = true;
  v.forEach((p, i) => {
    if (!isUnitPosition(p) || v.indexOf(p) !== i) {
      ok = false;
      errors.push(fieldError(`/positions/${i}`, '未知或重复的职务', `must be one of ${UNIT_POSITIONS.join(', ')}, each once`));
    }
  });
  return ok ? (v as UnitPosition[]) : undefined;
}

function checkUnitId(v: unknown, errors: FieldError[]): string | null | undefined {
  if (v === null) return null;
  if (typeof v !== 'string' || v === '') {
    errors.push(fieldError('/unitId', '承办单位无效', 'must be a unit id or null'));
    return undefined;
  }
  return v;
}

export function checkNewUser(body: unknown): Checked<NewUserInput> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  checkUnknown(body, ['username', 'displayName', 'password', 'roles', 'unitId', 'positions'], errors);
  const username = body.username;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    errors.push(fieldError('/username', '用户名须为2至32位字母、数字或 . _ -', 'must be 2 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit'));
  }
  const displayName = checkDisplayName(body.displayName, errors);
  const password = checkPassword(body.password, typeof username === 'string' ? username : undefined, errors);
  const roles = checkRoles(body.roles, errors);
  const unitId = body.unitId === undefined ? null : checkUnitId(body.unitId, errors);
  if (roles?.includes('unit') && unitId === null) errors.push(fieldError('/unitId', '承办单位用户须指定单位', 'is required for a user with the unit role'));
  const positions = body.positions === undefined ? [] : checkPositions(body.positions, errors);
  if (positions && positions.length > 0 && roles && !roles.includes('unit')) errors.push(fieldError('/positions', '只有承办单位用户才有单位内职务', 'are only for users with the unit role'));
  if (errors.length > 0 || typeof username !== 'string' || !displayName || !password || !roles || unitId === undefined || !positions) {
    return { ok: false, errors };
  }
  return { ok: true, value: { username, displayName, password, roles, unitId, positions } };
}

/** `target` is the user being changed (its username goes into the password rule). */
export function checkUserPatch(body: unknown, target: { username: string }): Checked<UserPatch> {
  if (!isObject(body)) return { ok: false, errors: [fieldError('', '请求体必须是对象', 'must be an object')] };
  const errors: FieldError[] = [];
  const fields = ['displayName', 'password', 'active', 'roles', 'unitId', 'positions'] as const;
  checkUnknown(body, fields, errors);
  if (!fields.some((f) => body[f] !== undefined)) errors.push(fieldError('', `至少修改一项：${fields.join('、')}`, `must change at least one of ${fields.join(', ')}`));
  const patch: UserPatch = {};
  if (body.displayName !== undefined) {
    const v = checkDisplayName(body.displayName, errors);
    if (v !== undefined) patch.displayName = v;
  }
  if (body.password !== undefined) {
    const v = checkPassword(body.password, target.username, errors);
    if (v !== undefined) patch.password = v;
  }
  if (body.active !== undefined) {
    if (typeof body.active === 'boolean') patch.active = body.active;
    else errors.push(fieldError('/active', '须为是或否', 'must be a boolean'));
  }
  if (body.roles !== undefined) {
    const v = checkRoles(body.roles, errors);
    if (v !== undefined) patch.roles = v;
  }
  if (body.unitId !== undefined) {
    const v = checkUnitId(body.unitId, errors);
    if (v !== undefined) patch.unitId = v;
  }
  if (body.positions !== undefined) {
    const v = checkPositions(body.positions, errors);
    if (v !== undefined) patch.positions = v;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: patch };
}
