import { sql, type Kysely } from 'kysely';

/**
 * Result categories (办理结果分类) have one home since this version: the setting
 * `resultTaxonomy` carries them and the engine writes the answer form's and the follow-up
 * revision's choices from it (runtime/engine/taxonomy.ts); an overlay writing those choices by
 * hand is refused. Overlays saved before wrote them by hand (the four-level counties, Chengdu):
 * their hand-written choices are removed here, so the county's draft builds again and the
 * choices follow its setting (a county that had reworded its categories words them again in
 * the setting's option). Objects the removal leaves empty are removed too.
 */
const PATHS: Array<[string, string[]]> = [
  ['suggestion-assignment', ['forms', 'answer', 'properties', 'resultCode']],
  ['suggestion-follow-up', ['forms', 'revision', 'properties', 'resultCode']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [definition, path] of PATHS) {
    const oneOf = `{${[...path, 'oneOf'].join(',')}}`;
    await sql`update overlays set patch = patch #- ${oneOf}::text[] where definition_id = ${definition} and patch #> ${oneOf}::text[] is not null`.execute(db);
    // resultCode, properties, answer, forms: each dropped when nothing is left in it.
    for (let depth = path.length; depth >= 1; depth--) {
      const at = `{${path.slice(0, depth).join(',')}}`;
      await sql`update overlays set patch = patch #- ${at}::text[] where definition_id = ${definition} and patch #> ${at}::text[] = '{}'::jsonb`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  // The hand-written choices are not restored: the setting names the categories.
}
