/**
 * Sign-in, sign-out, changing one's own password and the caller's profile.
 *
 * Login answers one 401 INVALID_CREDENTIALS for a wrong password, an unknown user and a name
 * that exists in several counties given without a county code, and spends the same scrypt time
 * on each, so nothing about the account is learnt. Attempts are throttled per account name and
 * per client address (runtime/store/login-throttle.ts): 429 TOO_MANY_ATTEMPTS with Retry-After,
 * decided before the password is looked at, so it reads the same for every name.
 *
 * Security events (sign-in succeeded, failed or throttled, password changed, logout) go to the
 * audit log through `onLoginSucceeded`, `onLoginFailed`, `onPasswordChanged` and `onLogout`
 * below, after the action (an admin's password reset is logged in routes/users.ts).
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { passwordProblem } from '../../runtime/password-policy.ts';
import {
  beginLoginAttempt,
  findLoginCandidates,
  getRegion,
  getUser,
  hashPassword,
  loginSucceeded,
  recordAudit,
  updateUser,
  verifyPassword,
  type Database,
  type UserView,
} from '../../runtime/store/index.ts';
import { currentUser, TOKEN_TTL_SECONDS, type AppEnv, type AuthUser } from '../auth.ts';
import { auditAnonymous, auditBy } from '../audit-entry.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { isObject, readJson } from '../request-body.ts';

export interface AuthRouteDeps {
  db: Kysely<Database>;
  clock: { now(): Date };
}

// Security events: one call site each (the audit log is wired here).
async function onLoginSucceeded(db: Kysely<Database>, c: Context<AppEnv>, clock: { now(): Date }, user: UserView): Promise<void> {
  await recordAudit(db, { countyId: user.countyId, at: clock.now(), actor: { id: user.id, name: user.displayName }, address: c.get('clientAddress'), action: 'login.succeeded', target: { kind: 'user', id: user.id, name: user.displayName } });
}
/**
 * A failed or throttled sign-in is logged in the county of each account the name (and code)
 * could mean; a name that is no account has no county and leaves no row.
 */
async function onLoginFailed(db: Kysely<Database>, c: Context<AppEnv>, clock: { now(): Date }, username: string, county: string | undefined, reason: 'password' | 'throttled'): Promise<void> {
  for (const cand of await findLoginCandidates(db, username, county)) {
    await recordAudit(db, { ...auditAnonymous(c, clock, cand.countyId), action: 'login.failed', target: { kind: 'user', id: cand.userId, name: null }, detail: { reason } });
  }
}
async function onPasswordChanged(db: Kysely<Database>, c: Context<AppEnv>, clock: { now(): Date }, user: AuthUser): Promise<void> {
  await recordAudit(db, { ...auditBy(c, clock), action: 'password.changed', target: { kind: 'user', id: user.id, name: user.displayName } });
}
async function onLogout(db: Kysely<Database>, c: Context<AppEnv>, clock: { now(): Date }): Promise<void> {
  await recordAudit(db, { ...auditBy(c, clock), action: 'logout' });
}

/** The user as the API shows it: profile, roles and county. */
export interface MeView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  /** The home region: the county, or for a region reader (上级人大, role `region`) its city or province (`level`). */
  county: { id: string; code: string; name: string; nameEn: string | null; level: 'province' | 'city' | 'county' };
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the user is unknown, so that path costs one scrypt too. */
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword('not-a-password');
  return dummyHash;
}

export async function meView(db: Kysely<Database>, user: UserView): Promise<MeView> {
  const county = await getRegion(db, user.countyId);
  if (!county) throw new AppError('USER_NOT_FOUND', 'No such user');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitId: user.unitId,
    county: { id: county.id, code: county.code, name: county.name, nameEn: county.nameEn, level: county.level },
  };
}

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'Wrong username, password or county code');
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

export function mountAuthRoutes(api: Hono<AppEnv>, deps: AuthRouteDeps): void {
  const { db, clock } = deps;

  /**
   * The account behind a name (and county code, when given) if `password` is its password;
   * undefined for every kind of failure, after the same one scrypt.
   */
  async function checkCredentials(username: string, password: string, county: string | undefined): Promise<UserView | undefined> {
    const candidates = await findLoginCandidates(db, username, county);
    // Several counties have this name and no code was given: the same failure as a wrong password.
    const candidate = candidates.length === 1 ? candidates[0] : undefined;
    const ok = await verifyPassword(password, candidate?.passwordHash ?? (await timingDummy()));
    if (!candidate || !ok) return undefined;
    const user = await getUser(db, candidate.countyId, candidate.userId);
    return user?.active ? user : undefined;
  }

  api.post('/auth/login', async (c) => {
    const body = await readJson(c);
    const errors: FieldError[] = [];
    if (!isObject(body)) throw new AppError('INVALID_INPUT', 'Body must be {username, password, county?}');
    if (typeof body.username !== 'string' || body.username === '') errors.push({ pointer: '/username', message: '请输入用户名', message_en: 'is required' });
    if (typeof body.password !== 'string' || body.password === '') errors.push({ pointer: '/password', message: '请输入密码', message_en: 'is required' });
    if (body.county !== undefined && typeof body.county !== 'string') errors.push({ pointer: '/county', message: '县区代码须为文本', message_en: 'must be a region code' });
    if (errors.length > 0 || typeof body.username !== 'string' || typeof body.password !== 'string') {
      throw new AppError('INVALID_INPUT', 'Invalid login request', { errors });
    }
    const username = body.username;
    const county = typeof body.county === 'string' && body.county !== '' ? body.county : undefined;

    const now = clock.now();
    const attempt = await beginLoginAttempt(db, { username, county, address: c.get('clientAddress') ?? undefined }, now);
    if (!attempt.ok) {
      await onLoginFailed(db, c, clock, username, county, 'throttled');
      throw tooManyAttempts(attempt.retryAfterSeconds);
    }
    const user = await checkCredentials(username, body.password, county);
    if (!user) {
      // The attempt was counted when it was reserved; nothing more to write.
      await onLoginFailed(db, c, clock, username, county, 'password');
      throw invalidCredentials();
    }
    const me = await meView(db, user);
    await loginSucceeded(db, attempt.ticket, { username: user.username, countyCode: me.county.code }, now);
    await onLoginSucceeded(db, c, clock, user);
    const token = await c.get('authenticator').issueToken(user);
    return c.json({ token, user: me });
  });

  /** Ends every token of the caller (token_version + 1), on every server process within the cache window. */
  api.post('/auth/logout', async (c) => {
    const auth = currentUser(c);
    await c.get('authenticator').revoke(auth.countyId, auth.id);
    await onLogout(db, c, clock);
    return c.body(null, 204);
  });

  /**
   * The caller changes their own password: the current one (throttled as a sign-in), the new one
   * under the password rule. Every token issued before ends; the answer carries a new token.
   */
  api.post('/auth/password', async (c) => {
    const auth = currentUser(c);
    const body = await readJson(c);
    if (!isObject(body)) throw new AppError('INVALID_INPUT', 'Body must be {currentPassword, newPassword}');
    const errors: FieldError[] = [];
    if (typeof body.currentPassword !== 'string' || body.currentPassword === '') errors.push({ pointer: '/currentPassword', message: '请输入当前密码', message_en: 'is required' });
    const problem = passwordProblem(body.newPassword, { username: auth.username, pointer: '/newPassword' });
    if (problem) errors.push(problem);
    if (errors.length > 0 || typeof body.currentPassword !== 'string' || typeof body.newPassword !== 'string') {
      throw new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
    }
    const now = clock.now();
    const attempt = await beginLoginAttempt(db, { username: auth.username, county: auth.countyCode, address: c.get('clientAddress') ?? undefined }, now);
    if (!attempt.ok) throw tooManyAttempts(attempt.retryAfterSeconds);
    const user = await checkCredentials(auth.username, body.currentPassword, auth.countyCode);
    if (!user || user.id !== auth.id) {
      throw new AppError('INVALID_INPUT', 'The current password is wrong', { errors: [{ pointer: '/currentPassword', message: '当前密码不正确', message_en: 'is not your current password' }] });
    }
    await loginSucceeded(db, attempt.ticket, { username: auth.username, countyCode: auth.countyCode }, now);
    await updateUser(db, auth.countyId, auth.id, { password: body.newPassword }, { revokeTokens: true });
    c.get('authenticator').forget(auth.countyId, auth.id);
    await onPasswordChanged(db, c, clock, auth);
    return c.json({ token: await c.get('authenticator').issueToken(user) });
  });

  api.get('/me', async (c) => {
    const auth = currentUser(c);
    const user = await getUser(db, auth.countyId, auth.id);
    if (!user?.active) throw new AppError('UNAUTHENTICATED', 'The user no longer exists or is inactive');
    return c.json(await meView(db, user));
  });

  registerAuthOpenApi();
}

const ME_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    unitId: { type: ['string', 'null'] },
    county: { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] }, level: { enum: ['province', 'city', 'county'] } } },
  },
};

function registerAuthOpenApi(): void {
  registerPath('post', '/api/auth/login', {
    summary: `Log in; returns a bearer token valid for ${TOKEN_TTL_SECONDS / 3600} hours`,
    tags: ['auth'],
    auth: false,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['username', 'password'],
            properties: {
              username: { type: 'string' },
              password: { type: 'string' },
              county: { type: 'string', description: 'Region code of the county; needed when the username exists in several counties (without it such a name is refused like a wrong password)' },
            },
          },
          example: { username: 'staff', password: 'demo', county: 'demo' },
        },
      },
    },
    responses: {
      '200': { description: 'Token and user', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' }, user: ME_SCHEMA } } } } },
      '400': errorResponse('INVALID_INPUT or INVALID_JSON'),
      '401': errorResponse('INVALID_CREDENTIALS: wrong password, unknown user, or a name of several counties without the county code'),
      '429': errorResponse('TOO_MANY_ATTEMPTS: the account name or the client address is locked for a while; the Retry-After header gives the seconds'),
    },
  });
  registerPath('post', '/api/auth/logout', {
    summary: 'Log out: ends every token of the caller (on other server processes within 10 s)',
    tags: ['auth'],
    responses: { '204': { description: 'Logged out' } },
  });
  registerPath('post', '/api/auth/password', {
    summary: 'Change one\'s own password; every earlier token ends and a new one is returned',
    tags: ['auth'],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['currentPassword', 'newPassword'],
            properties: {
              currentPassword: { type: 'string' },
              newPassword: { type: 'string', minLength: 10, maxLength: 200, description: 'The password rule: runtime/password-policy.ts' },
            },
          },
        },
      },
    },
    responses: {
      '200': { description: 'A new token', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' } } } } } },
      '400': errorResponse('INVALID_INPUT: the current password is wrong or the new one breaks the rule (details.errors)'),
      '429': errorResponse('TOO_MANY_ATTEMPTS'),
    },
  });
  registerPath('get', '/api/me', {
    summary: 'The caller with county and roles',
    tags: ['auth'],
    responses: { '200': { description: 'The caller', content: { 'application/json': { schema: ME_SCHEMA } } } },
  });
}
