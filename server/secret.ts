/**
 * The secret that signs bearer tokens: `TOKEN_SECRET` from the environment, else one generated
 * on first start and kept in `app_settings`, so tokens survive restarts and every server
 * process on the same database shares it.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../runtime/errors.ts';
import type { Database } from '../runtime/store/index.ts';

const KEY = 'token_secret';

export async function loadSecret(db: Kysely<Database>, env: Record<string, string | undefined> = process.env): Promise<string> {
  const fromEnv = env.TOKEN_SECRET;
  if (fromEnv) return fromEnv;
  // Two processes starting together may both generate one; `do nothing` keeps the first and
  // both read back the stored value.
  await db
    .insertInto('app_settings')
    .values({ key: KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) throw new AppError('SECRET_UNAVAILABLE', 'Could not store or read the token secret');
  return row.value;
}
