/**
 * Many deputies at once for ballot tests, with bearer tokens: the store's bulk roster helper
 * (no password hashing: they never log in) and tokens signed by the app's own Authenticator,
 * as a login would sign them (token version 0: the deputies are new).
 */
import type { Kysely } from 'kysely';
import { createTestDeputies, type Database } from '../../runtime/store/index.ts';
import { Authenticator } from '../../server/auth.ts';

export interface TestDeputy {
  id: string;
  token: string;
}

export async function addDeputies(
  db: Kysely<Database>,
  opts: { countyId: string; count: number; prefix: string; standingCommittee?: number; secret?: string; clock: { now(): Date } },
): Promise<TestDeputy[]> {
  if (opts.count === 0) return [];
  const ids = await createTestDeputies(db, opts.countyId, opts.count, { prefix: opts.prefix, standingCommittee: opts.standingCommittee ?? 0 });
  const auth = new Authenticator({ db, secret: opts.secret ?? 'test-secret', clock: opts.clock });
  return Promise.all(ids.map(async (id) => ({ id, token: await auth.issueToken({ id, countyId: opts.countyId, tokenVersion: 0 }) })));
}
