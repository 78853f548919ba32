/**
 * Stores a compiled definition's package under its content hash, once: a hash already
 * stored is left as it is (ON CONFLICT DO NOTHING on the primary key `hash`), since the same
 * hash is the same package. Shared by registering packages and by storing a county's
 * published version (definition-registry.ts). Locking: two writers of one new hash at once
 * serialise on that key and the second does nothing.
 */
import type { Kysely } from 'kysely';
import type { CompiledDefinition } from '../../engine/index.ts';
import type { Database } from '../schema.ts';

export async function insertDefinition(db: Kysely<Database>, def: CompiledDefinition): Promise<void> {
  await db
    .insertInto('definitions')
    .values({ hash: def.hash, id: def.id, version: def.pkg.version, package: JSON.stringify(def.pkg) })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}
