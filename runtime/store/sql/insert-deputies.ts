/**
 * Writes deputies in bulk: for each, a `deputy` user, its role and its roster row, in three
 * multi-row INSERTs per 1,000 deputies (11 columns, the name's pinyin included, × 1,000
 * stays far below pg's 65,535 parameters). Shared by the roster import (roster.ts
 * `importRoster`, under its advisory lock, after the usernames and phones were checked) and
 * the test and bench helper `createTestDeputies`.
 *
 * Locking: new rows only; a username taken meanwhile by another writer is refused by the
 * unique key users (county_id, username) and the caller's transaction rolls back. Indexes:
 * the primary keys and that unique key are maintained, nothing is read.
 */
import type { Kysely } from 'kysely';
import { pinyinColumns } from '../name-pinyin.ts';
import type { Database } from '../schema.ts';

const CHUNK = 1000;

export interface NewDeputy {
  userId: string;
  username: string;
  name: string;
  delegation: string | null;
  group: string | null;
  phone: string | null;
  standingCommittee: boolean;
  termId: string | null;
}

export async function insertDeputies(trx: Kysely<Database>, countyId: string, deputies: readonly NewDeputy[], passwordHash: string): Promise<void> {
  for (let i = 0; i < deputies.length; i += CHUNK) {
    const part = deputies.slice(i, i + CHUNK);
    // The pinyin of each name (for the directory), once for the user row and the roster row.
    const pinyin = part.map((d) => pinyinColumns(d.name));
    await trx
      .insertInto('users')
      .values(part.map((d, j) => ({ county_id: countyId, id: d.userId, username: d.username, display_name: d.name, ...pinyin[j], password_hash: passwordHash, unit_id: null })))
      .execute();
    await trx
      .insertInto('user_roles')
      .values(part.map((d) => ({ county_id: countyId, user_id: d.userId, role: 'deputy' as const })))
      .execute();
    await trx
      .insertInto('deputies')
      .values(
        part.map((d, j) => ({
          county_id: countyId,
          user_id: d.userId,
          term_id: d.termId,
          name: d.name,
          ...pinyin[j],
          delegation: d.delegation,
          deputy_group: d.group,
          phone: d.phone,
          standing_committee: d.standingCommittee,
        })),
      )
      .execute();
  }
}
