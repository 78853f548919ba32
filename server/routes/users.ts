/**
 * County admins manage the users and roles of their own county. Every lookup is by the
 * caller's county id, so a user of another county is a 404, never a 403 that would confirm it exists.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { UNIT_POSITIONS } from '../../runtime/engine/index.ts';
import { createUser, getUnit, getUser, inTransaction, listUsers, recordAudit, updateUser, type AuditEntry, type Database, type UserPatch, type UserView } from '../../runtime/store/index.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';
import { checkNewUser, checkUserPatch } from '../user-input.ts';

export interface UserRouteDeps {
  db: Kysely<Database>;
  newId: () => string;
  /** Times of the audit log entries. */
  clock: { now(): Date };
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
}

/**
 * The unit a user is being put into must be one of the county's and active; `current` (the
 * user's unit now) may stay even after it was deactivated, so editing such a user's roles or
 * name does not force a move.
 */
async function checkUnitUsable(db: Kysely<Database>, countyId: string, unitId: string | null | undefined, errors: FieldError[], current?: string | null): Promise<void> {
  if (typeof unitId !== 'string') return;
  const unit = await getUnit(db, countyId, unitId);
  if (!unit) {
    errors.push({ pointer: '/unitId', message: '本县没有这个承办单位', message_en: 'is not a unit of this county' });
  } else if (!unit.active && unitId !== current) {
    errors.push({ pointer: '/unitId', message: `承办单位“${unit.name}”已停用`, message_en: `the unit "${unit.nameEn ?? unit.name}" is deactivated` });
  }
}

/**
 * Which changes end every token of the user (token_version + 1): a password set by an admin
 * (reset) and deactivation. A role change does not: the authenticator reads the roles with the
 * user on every cache refresh, so it takes effect within the same window a version bump would,
 * without forcing the user to sign in again. A new display name or unit keeps the tokens too.
 */
function revokesTokens(patch: UserPatch, current: { active: boolean }): boolean {
  return patch.password !== undefined || (patch.active === false && current.active);
}

export function mountUserRoutes(api: Hono<AppEnv>, deps: UserRouteDeps): void {
  const { db, newId, clock } = deps;
  const admin = requireRole('admin');

  api.get('/users', admin, async (c) => {
    return c.json({ users: await listUsers(db, currentUser(c).countyId) });
  });

  api.get('/users/:id', admin, async (c) => {
    const user = await getUser(db, currentUser(c).countyId, c.req.param('id'));
    if (!user) throw new AppError('USER_NOT_FOUND', 'No such user');
    return c.json(user);
  });

  api.post('/users', admin, async (c) => {
    const { countyId } = currentUser(c);
    const checked = checkNewUser(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const errors: FieldError[] = [];
    await checkUnitUsable(db, countyId, checked.value.unitId, errors);
    if (errors.length > 0) throw invalid(errors);
    // The user and its audit entry commit together (a taken username leaves neither).
    const created = await inTransaction(db, async (trx) => {
      const user = await createUser(trx, countyId, checked.value, newId);
      await recordAudit(trx, { ...auditBy(c, clock), action: 'user.created', target: { kind: 'user', id: user.id, name: user.displayName }, detail: { roles: user.roles } });
      return user;
    });
    return c.json(created, 201);
  });

  api.patch('/users/:id', admin, async (c) => {
    const caller = currentUser(c);
    const id = c.req.param('id');
    const body = await readJson(c);
    const current = await getUser(db, caller.countyId, id);
    if (!current) throw new AppError('USER_NOT_FOUND', 'No such user');
    const checked = checkUserPatch(body, current);
    if (!checked.ok) throw invalid(checked.errors);
    const patch: UserPatch = checked.value;

    const errors: FieldError[] = [];
    await checkUnitUsable(db, caller.countyId, patch.unitId, errors, current.unitId);
    const roles = patch.roles ?? current.roles;
    const unitId = patch.unitId !== undefined ? patch.unitId : current.unitId;
    if (roles.includes('unit') && unitId === null) {
      errors.push({ pointer: '/unitId', message: '承办单位用户须指定单位', message_en: 'is required for a user with the unit role' });
    }
    // Positions (经办人, 审核人, 签发人) are held in a unit: only a unit user has them, and losing the role drops them.
    if (!roles.includes('unit')) {
      if (patch.positions !== undefined && patch.positions.length > 0) errors.push({ pointer: '/positions', message: '只有承办单位用户才有单位内职务', message_en: 'are only for users with the unit role' });
      else if (current.positions.length > 0) patch.positions = [];
    }
    if (errors.length > 0) throw invalid(errors);
    // An admin cannot lock the county out through themself; another admin can still do it.
    if (id === caller.id && (patch.active === false || (patch.roles && !patch.roles.includes('admin')))) {
      throw new AppError('SELF_LOCKOUT', 'You cannot deactivate yourself or remove your own admin role');
    }

    // A new password (reset by the admin) or deactivation ends the user's tokens.
    const updated = await inTransaction(db, async (trx) => {
      const user = await updateUser(trx, caller.countyId, id, patch, { revokeTokens: revokesTokens(patch, current) });
      for (const entry of userChangeEntries(current, user, patch)) await recordAudit(trx, { ...auditBy(c, clock), ...entry, target: { kind: 'user', id, name: user.displayName } });
      return user;
    });
    c.get('authenticator').forget(caller.countyId, id);
    return c.json(updated);
  });

  registerUserOpenApi();
}

/**
 * The audit entries of one PATCH: roles (before and after, as codes), a password set by the
 * admin (a reset), deactivation or reactivation, and any other change (which fields, by name).
 */
function userChangeEntries(before: UserView, after: UserView, patch: UserPatch): Array<Pick<AuditEntry, 'action' | 'detail'>> {
  const entries: Array<Pick<AuditEntry, 'action' | 'detail'>> = [];
  if (patch.roles !== undefined && before.roles.join() !== after.roles.join()) entries.push({ action: 'user.roles_changed', detail: { before: before.roles, after: after.roles } });
  if (patch.password !== undefined) entries.push({ action: 'password.reset' });
  if (before.active && !after.active) entries.push({ action: 'user.deactivated' });
  if (!before.active && after.active) entries.push({ action: 'user.reactivated' });
  const fields = [patch.displayName !== undefined && before.displayName !== after.displayName ? 'displayName' : null, patch.unitId !== undefined && before.unitId !== after.unitId ? 'unitId' : null, patch.positions !== undefined && before.positions.join() !== after.positions.join() ? 'positions' : null].filter((f): f is string => f !== null);
  if (fields.length > 0) entries.push({ action: 'user.changed', detail: { fields, ...(fields.includes('unitId') ? { unitBefore: before.unitId, unitAfter: after.unitId } : {}), ...(fields.includes('positions') ? { positionsBefore: before.positions, positionsAfter: after.positions } : {}) } });
  return entries;
}

const USER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    countyId: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    unitId: { type: ['string', 'null'] },
    active: { type: 'boolean' },
    roles: { type: 'array', items: { type: 'string', enum: ['admin', 'staff', 'unit', 'deputy', 'leader', 'integrator'] } },
    positions: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...UNIT_POSITIONS] }, description: 'Positions in the unit: clerk 经办人, reviewer 审核人, signer 签发人 (several allowed; unit role only)' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

function registerUserOpenApi(): void {
  const tags = ['users'];
  const forbidden = errorResponse('FORBIDDEN: the caller is not an admin');
  registerPath('get', '/api/users', {
    summary: 'List the users of the caller\'s county (admin)',
    tags,
    responses: { '200': { description: 'Users with roles', content: json({ type: 'object', properties: { users: { type: 'array', items: USER_SCHEMA } } }) }, '403': forbidden },
  });
  registerPath('get', '/api/users/{id}', {
    summary: 'Get one user of the caller\'s county (admin)',
    tags,
    responses: { '200': { description: 'The user', content: json(USER_SCHEMA) }, '403': forbidden, '404': errorResponse('USER_NOT_FOUND (also for another county\'s user)') },
  });
  registerPath('post', '/api/users', {
    summary: 'Create a user in the caller\'s county (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['username', 'displayName', 'password', 'roles'],
        additionalProperties: false,
        properties: {
          username: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$' },
          displayName: { type: 'string', maxLength: 64 },
          password: { type: 'string', minLength: 8, maxLength: 200 },
          roles: USER_SCHEMA.properties.roles,
          unitId: { type: ['string', 'null'], description: 'Required with the unit role' },
          positions: USER_SCHEMA.properties.positions,
        },
      }),
    },
    responses: {
      '201': { description: 'The new user', content: json(USER_SCHEMA) },
      '400': errorResponse('INVALID_INPUT with details.errors listing every field error'),
      '403': forbidden,
      '409': errorResponse('USERNAME_TAKEN'),
    },
  });
  registerPath('patch', '/api/users/{id}', {
    summary: 'Change a user\'s name, password, active flag, roles (replaced) or unit (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          displayName: { type: 'string' },
          password: { type: 'string', minLength: 8 },
          active: { type: 'boolean' },
          roles: USER_SCHEMA.properties.roles,
          unitId: { type: ['string', 'null'] },
          positions: USER_SCHEMA.properties.positions,
        },
      }),
    },
    responses: {
      '200': { description: 'The updated user', content: json(USER_SCHEMA) },
      '400': errorResponse('INVALID_INPUT'),
      '403': forbidden,
      '404': errorResponse('USER_NOT_FOUND'),
      '422': errorResponse('SELF_LOCKOUT'),
    },
  });
}
