/**
 * Many deputies at once for ballot tests: users, roles and roster rows in a few multi-row
 * inserts (no password hashing: they never log in; tests sign their tokens with the app's
 * own Authenticator, as a login would).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../runtime/store/index.ts';
import { Authenticator } from '../../server/auth.ts';

export interface TestDeputy {
  id: string;
  token: string;
}

export async function addDeputies(
  db: Kysely<Database>,
  opts: { countyId: string; count: number; prefix: string; standingCommittee?: number; secret?: string; clock: { now(): Date } },
): Promise<TestDeputy[]> {
  const ids = Array.from({ length: opts.count }, (_, i) => `${opts.prefix}${String(i + 1).padStart(4, '0')}`);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.insertInto('users').values(chunk.map((id) => ({ county_id: opts.countyId, id, username: id, display_name: `代表${id}`, password_hash: '!', unit_id: null }))).execute();
    await db.insertInto('user_roles').values(chunk.map((id) => ({ county_id: opts.countyId, user_id: id, role: 'deputy' as const }))).execute();
    await db
      .insertInto('deputies')
      .values(chunk.map((id, j) => ({ county_id: opts.countyId, user_id: id, name: `代表${id}`, standing_committee: i + j < (opts.standingCommittee ?? 0) })))
      .execute();
  }
  const auth = new Authenticator({ db, secret: opts.secret ?? 'test-secret', clock: opts.clock });
  return Promise.all(ids.map(async (id) => ({ id, token: await auth.issueToken({ id, countyId: opts.countyId }) })));
}
