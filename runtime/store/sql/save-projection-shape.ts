/**
 * Remember the keys a process's statistics projection rows now hold (after
 * sql/statistics-projection-fill.ts wrote them). Upsert by the primary key (definition_id);
 * the row lock until the migration's statement ends.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function saveProjectionShape(db: Kysely<Database>, definitionId: string, keys: readonly string[]): Promise<void> {
  await sql`insert into statistics_projection_shapes (definition_id, keys) values (${definitionId}, ${JSON.stringify(keys)}::jsonb)
    on conflict (definition_id) do update set keys = excluded.keys`.execute(db);
}
