/**
 * The one door of a region reader (上级人大: a user of a city or province holding the `region`
 * role, migration 018). It reads the figures and registers of the counties under its region
 * through the routes below, whose handlers take the region path (runtime/store/statistics-region.ts,
 * register-region.ts); every other route — tasks, the inbox, an instance's record, forms to
 * complete, ballots, administration, the directory — is refused here, before any lookup, with
 * 403 REGION_READ_ONLY, so the answer is the same for an id of any county or of none.
 *
 * A user homed at a city or province without the role (bad data) is refused the same way: its
 * county-scoped queries would find nothing, and nothing is written under a region's id.
 */
import { createMiddleware } from 'hono/factory';
import { AppError } from '../runtime/errors.ts';
import type { AppEnv, AuthUser } from './auth.ts';

/** Method and full path of what a region reader may call. */
const ALLOWED: ReadonlyArray<readonly [string, RegExp]> = [
  ['GET', /^\/api\/me$/],
  ['POST', /^\/api\/auth\/(logout|password)$/],
  ['GET', /^\/api\/statistics\/[a-z][a-z0-9-]*(\/(units|counties|export|report|periods|list))?$/],
  ['GET', /^\/api\/register(\/(export|options|processes))?$/],
];

/** A user who reads regions: holds the `region` role, or is homed at a city or province. */
export function isRegionReader(user: Pick<AuthUser, 'roles' | 'homeLevel'>): boolean {
  return user.homeLevel !== 'county' || user.roles.includes('region');
}

export const regionGate = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get('user') as AuthUser | undefined;
  if (user && isRegionReader(user)) {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    if (!ALLOWED.some(([m, re]) => m === method && re.test(c.req.path))) {
      throw new AppError('REGION_READ_ONLY', 'A region reader reads figures and registers only (no tasks, inbox, instance records, forms, ballots or administration)');
    }
  }
  await next();
});
