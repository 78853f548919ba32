/**
 * What every audit log entry written by a route shares: the caller's county, name and address,
 * and the time. A route adds the action and the target:
 *
 *   await recordAudit(trx, { ...auditBy(c, clock), action: 'user.created', target: { kind: 'user', id, name } });
 *
 * Before login (a failed sign-in) there is no caller yet: `auditAnonymous(c, clock, countyId)`.
 * The address is the one app.ts resolved once per request (`c.get('clientAddress')`:
 * server/client-address.ts, the socket's or X-Forwarded-For behind TRUST_PROXY proxies; null
 * under `app.request()`, where there is no socket).
 */
import type { Context } from 'hono';
import type { AuditEntry, Runtime } from '../runtime/store/index.ts';
import { currentUser, type AppEnv } from './auth.ts';

type Base = Pick<AuditEntry, 'countyId' | 'at' | 'actor' | 'address'>;

/** The signed-in caller as the actor of an entry. */
export function auditBy(c: Context<AppEnv>, clock: { now(): Date }): Base {
  const user = currentUser(c);
  return { countyId: user.countyId, at: clock.now(), actor: { id: user.id, name: user.displayName }, address: c.get('clientAddress') };
}

/** No caller (a failed login): the entry belongs to `countyId`, the county of the account tried. */
export function auditAnonymous(c: Context<AppEnv>, clock: { now(): Date }, countyId: string): Base {
  return { countyId, at: clock.now(), actor: null, address: c.get('clientAddress') };
}

/** A process as the target of an entry, named by its title. */
export function definitionTarget(rt: Runtime, id: string): NonNullable<AuditEntry['target']> {
  let name: string | null = null;
  try {
    name = rt.registry.latest(id).pkg.title;
  } catch {
    // Named by its id alone when the registry no longer has it.
  }
  return { kind: 'definition', id, name };
}
