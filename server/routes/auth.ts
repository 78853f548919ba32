/**
 * Login and the caller's own profile. Login answers the same 401 for an unknown user and a
 * wrong password, and spends the same scrypt time on both, so usernames cannot be probed.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { findLoginCandidates, getCounty, getUser, hashPassword, verifyPassword, type Database, type UserView } from '../../runtime/store/index.ts';
import { currentUser, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { isObject, readJson } from '../request-body.ts';

/** The user as the API shows it: profile, roles and county. */
export interface MeView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  county: { id: string; code: string; name: string; nameEn: string | null };
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the user is unknown, so that path costs one scrypt too. */
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword('not-a-password');
  return dummyHash;
}

export async function meView(db: Kysely<Database>, user: UserView): Promise<MeView> {
  const county = await getCounty(db, user.countyId);
  if (!county) throw new AppError('USER_NOT_FOUND', 'No such user');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitId: user.unitId,
    county: { id: county.id, code: county.code, name: county.name, nameEn: county.nameEn },
  };
}

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
}

export function mountAuthRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database> }): void {
  const { db } = deps;

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
    const county = typeof body.county === 'string' && body.county !== '' ? body.county : undefined;

    const candidates = await findLoginCandidates(db, body.username, county);
    if (candidates.length > 1) throw new AppError('COUNTY_REQUIRED', 'This username exists in several counties; give the county code');
    const candidate = candidates[0];
    if (!candidate) {
      await verifyPassword(body.password, await timingDummy());
      throw invalidCredentials();
    }
    if (!(await verifyPassword(body.password, candidate.passwordHash))) throw invalidCredentials();

    const user = await getUser(db, candidate.countyId, candidate.userId);
    if (!user?.active) throw invalidCredentials();
    const token = await c.get('authenticator').issueToken(user);
    return c.json({ token, user: await meView(db, user) });
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
    county: { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] } } },
  },
};

function registerAuthOpenApi(): void {
  registerPath('post', '/api/auth/login', {
    summary: 'Log in; returns a bearer token valid for 12 hours',
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
              county: { type: 'string', description: 'Region code of the county; needed only when the username exists in several counties' },
            },
          },
          example: { username: 'staff', password: 'demo', county: 'demo' },
        },
      },
    },
    responses: {
      '200': { description: 'Token and user', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' }, user: ME_SCHEMA } } } } },
      '400': errorResponse('INVALID_INPUT, INVALID_JSON or COUNTY_REQUIRED'),
      '401': errorResponse('INVALID_CREDENTIALS'),
    },
  });
  registerPath('get', '/api/me', {
    summary: 'The caller with county and roles',
    tags: ['auth'],
    responses: { '200': { description: 'The caller', content: { 'application/json': { schema: ME_SCHEMA } } } },
  });
}
