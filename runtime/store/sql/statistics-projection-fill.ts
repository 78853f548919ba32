/**
 * The back-fill of one process's statistics projection rows (migration 022; again when the
 * catalogues read other keys): every instance of the definition, its facts read from the
 * snapshot with `#>` — the values runtime/statistics/projection.ts `extractFacts` gives a step's
 * context — upserted by (county_id, instance_id). One statement per definition, run by
 * `fillStatisticsProjection` under the migration lock (runtime/store/migrate.ts).
 *
 * Locking: row locks of the rows written, until the migration's statement ends; steps of those
 * instances wait for them. Index: a sequential scan of instances (every row of the definition
 * is read; instances_list (county_id, definition_id, updated_at) has no leading definition_id),
 * the projection's primary key for the upsert. Measured in test/bench/w-report.ts (its header).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';

const SAFE_KEY = /^context(\.[A-Za-z0-9_]+)+(#length)?$/;

function value(key: string): RawBuilder<unknown> {
  if (!SAFE_KEY.test(key)) throw new Error(`statistics projection key ${key} is not a context path`);
  const length = key.endsWith('#length');
  const keys = (length ? key.slice(0, -'#length'.length) : key).split('.').slice(1).join(',');
  const v = sql.raw(`(x.ctx #> '{${keys}}')`);
  return length ? sql`to_jsonb(case when jsonb_typeof(${v}) = 'array' then jsonb_array_length(${v}) else 0 end)` : sql`coalesce(${v}, 'null'::jsonb)`;
}

/** jsonb_build_object takes at most 100 arguments: the pairs in chunks of 40, joined with ||. */
function factsObject(keys: readonly string[]): RawBuilder<unknown> {
  if (keys.length === 0) return sql`'{}'::jsonb`;
  const chunks: RawBuilder<unknown>[] = [];
  for (let i = 0; i < keys.length; i += 40) {
    chunks.push(sql`jsonb_build_object(${sql.join(keys.slice(i, i + 40).map((k) => sql`${sql.lit(k)}::text, ${value(k)}`))})`);
  }
  return sql.join(chunks, sql` || `);
}

/** Write the projection rows of every instance of `definitionId` with `keys`; returns how many. */
export async function fillProjection(db: Kysely<Database>, definitionId: string, keys: readonly string[]): Promise<number> {
  const r = await sql`
    insert into statistics_facts (county_id, instance_id, definition_id, parent_id, created_at, state, facts, xid)
    select i.county_id, i.id, i.definition_id, i.parent_id, i.created_at, i.state, ${factsObject(keys)}, pg_current_xact_id()
    from instances i cross join lateral (select i.snapshot #> '{machine,context}' as ctx offset 0) x
    where i.definition_id = ${definitionId}
    on conflict (county_id, instance_id) do update set definition_id = excluded.definition_id, parent_id = excluded.parent_id,
      created_at = excluded.created_at, state = excluded.state, facts = excluded.facts, xid = excluded.xid`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
