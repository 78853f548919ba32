/**
 * Bearer tokens and the authenticated user. A token is a JWT (HS256) with `{sub: userId,
 * cty: countyId, ver: tokenVersion, iat, exp}`, valid 12 hours. The middleware resolves it to
 * an `AuthUser` with the county code and roles, which every route reads from `c.get('user')`.
 *
 * Refused (401): a bad signature; no `iat` or `exp`; `exp − iat` longer than this server's own
 * lifetime (a token minted with a longer one is not honoured); `exp` passed or `nbf` not yet
 * reached on the injected clock; a `ver` other than the user's token_version (a password
 * change or reset, deactivation or logout bumped it); an inactive user.
 */
import type { PhaseTiming } from './phase-timing.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { sign, verify } from 'hono/jwt';
import type { Kysely } from 'kysely';
import { AppError } from '../runtime/errors.ts';
import { bumpTokenVersion, readAuthUser, type Database, type Role } from '../runtime/store/index.ts';

export interface AuthUser {
  id: string;
  countyId: string;
  countyCode: string;
  /** 'county' for every county user; 'city' or 'province' for a region reader (the `region` role, migration 018). */
  homeLevel: 'county' | 'city' | 'province';
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  /** Positions in their unit (经办人, 审核人, 签发人; migration 034): tasks that name one check them. */
  positions: string[];
}

export type AppEnv = {
  Variables: {
    user: AuthUser;
    authenticator: Authenticator;
    /** The client's address (server/client-address.ts, TRUST_PROXY), null without a socket. Set once per request in app.ts. */
    clientAddress: string | null;
    /** The bench's per-request phase timing (server/phase-timing.ts, PHASE_TIMING=1); unset otherwise. */
    timing?: PhaseTiming;
  };
};

export const TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * Resolving a token costs two queries (user + roles, county). They are cached per process for
 * 10 s, so a busy client makes them at most every 10 s instead of on every request (~0.3 ms and
 * a pool connection each on pg; on PGlite every query also waits behind any running
 * transaction). The price: a role change, deactivation, password reset or logout takes effect
 * within 10 s on other server processes (immediately on the one that made it, which calls
 * `forget` or `revoke`). The token version is part of the cached user, so it is checked on
 * every request against a copy at most 10 s old.
 */
const USER_CACHE_MS = 10_000;
/** Bounds memory if many distinct users hit one process; the whole cache is dropped past it. */
const USER_CACHE_MAX = 10_000;

export interface AuthenticatorOptions {
  db: Kysely<Database>;
  secret: string;
  /** Domain clock: token issue and expiry follow it, so tests with a simulated clock work. */
  clock: { now(): Date };
  /** Wall clock in ms for the cache only (process-local staleness, not domain time). */
  cacheNow?: () => number;
}

export class Authenticator {
  private readonly cache = new Map<string, { user: CachedUser; until: number }>();
  private readonly verified = new Map<string, Record<string, unknown>>();
  private readonly cacheNow: () => number;

  constructor(private readonly opts: AuthenticatorOptions) {
    this.cacheNow = opts.cacheNow ?? Date.now;
  }

  /** A token for the user under their current token version (read from the database when not given). */
  async issueToken(user: { id: string; countyId: string; tokenVersion?: number }): Promise<string> {
    const ver = user.tokenVersion ?? (await readAuthUser(this.opts.db, user.countyId, user.id))?.tokenVersion;
    if (ver === undefined) throw unauthenticated('The user no longer exists');
    const iat = Math.floor(this.opts.clock.now().getTime() / 1000);
    return sign({ sub: user.id, cty: user.countyId, ver, iat, exp: iat + TOKEN_TTL_SECONDS }, this.opts.secret, 'HS256');
  }

  /**
   * Ends every token of the user: bumps the token version (in the caller's transaction when
   * given one) and forgets the cached copy here; other processes see it within USER_CACHE_MS.
   */
  async revoke(countyId: string, userId: string, db: Kysely<Database> = this.opts.db): Promise<void> {
    await bumpTokenVersion(db, countyId, userId);
    this.forget(countyId, userId);
  }

  /** The user behind an `Authorization: Bearer …` header; anything wrong → 401 UNAUTHENTICATED. */
  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) throw unauthenticated('A bearer token is required');
    let payload = this.verified.get(match[1]);
    if (!payload) {
      try {
        // exp is checked below against the injected clock, not hono's Date.now().
        payload = await verify(match[1], this.opts.secret, { alg: 'HS256', exp: false, nbf: false, iat: false });
      } catch {
        throw unauthenticated('The token is invalid');
      }
      // The HMAC check goes through WebCrypto (~0.2 ms of CPU per request in the W1 profile);
      // a token verified once stays valid until its exp, which is still checked every time.
      if (this.verified.size >= USER_CACHE_MAX) this.verified.clear();
      this.verified.set(match[1], payload);
    }
    const { sub, cty, exp, iat, nbf, ver } = payload;
    if (typeof sub !== 'string' || typeof cty !== 'string' || typeof exp !== 'number' || typeof iat !== 'number' || typeof ver !== 'number') throw unauthenticated('The token is invalid');
    if (exp - iat > TOKEN_TTL_SECONDS) throw unauthenticated('The token lives longer than this server issues tokens for');
    const nowMs = this.opts.clock.now().getTime();
    if (exp * 1000 <= nowMs) throw unauthenticated('The token has expired; log in again');
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf * 1000 > nowMs)) throw unauthenticated('The token is not valid yet');
    const user = await this.loadUser(cty, sub);
    if (!user) throw unauthenticated('The user no longer exists or is inactive');
    if (user.tokenVersion !== ver) throw unauthenticated('The token was revoked (password change, logout or account change); log in again');
    return user.user;
  }

  /** Drop a cached user now (after changing their roles, password or status). */
  forget(countyId: string, userId: string): void {
    this.cache.delete(`${countyId}:${userId}`);
  }

  private async loadUser(countyId: string, userId: string): Promise<CachedUser | undefined> {
    const key = `${countyId}:${userId}`;
    const now = this.cacheNow();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.user;
    const row = await readAuthUser(this.opts.db, countyId, userId);
    if (!row || !row.active) {
      this.cache.delete(key);
      return undefined;
    }
    const user: CachedUser = {
      user: {
        id: row.id,
        countyId: row.countyId,
        countyCode: row.countyCode,
        homeLevel: row.homeLevel,
        username: row.username,
        displayName: row.displayName,
        roles: row.roles,
        unitId: row.unitId,
        positions: row.positions,
      },
      tokenVersion: row.tokenVersion,
    };
    if (this.cache.size >= USER_CACHE_MAX) this.cache.clear();
    this.cache.set(key, { user, until: now + USER_CACHE_MS });
    return user;
  }
}

interface CachedUser {
  user: AuthUser;
  tokenVersion: number;
}

function unauthenticated(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

/** Sets `c.get('user')` from the bearer token or answers 401. Applied to every non-public /api route. */
export const requireAuth: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  // Already resolved (e.g. a route that adds requireAuth on top of the app-wide one).
  if (!c.get('user')) c.set('user', await c.get('authenticator').authenticate(c.req.header('authorization')));
  await next();
});

/**
 * Lets the request through when the user holds at least one of `roles`; else 403 FORBIDDEN.
 * The middleware carries its roles (`requiredRoles`): the OpenAPI document publishes them as
 * `x-roles` of each route (openapi.ts `routeRoles`), and test/api/role-matrix.test.ts reads them there.
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return Object.assign(createMiddleware<AppEnv>(async (c, next) => {
    const user = currentUser(c);
    if (!roles.some((r) => user.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `This needs the role ${roles.join(' or ')}`);
    }
    await next();
  }), { requiredRoles: roles });
}

/** The authenticated user; a route mounted without requireAuth gets a 401 rather than a crash. */
export function currentUser(c: Context<AppEnv>): AuthUser {
  const user = c.get('user') as AuthUser | undefined;
  if (!user) throw unauthenticated('A bearer token is required');
  return user;
}
