/**
 * The integrator path through the API: a new process package is checked exactly like a
 * file in definitions/ and, when it passes, becomes a base process of the county whose
 * integrator added it (a new version of it replaces its base; a package shipped as a file
 * cannot be replaced this way). Kept in api_definitions so it is there after a restart.
 *
 * Who owns what (issue 13): an API-added package belongs to the county that added it
 * (api_definitions.county_id, migration 014). Only that county sees it (GET, start, overlay,
 * publish: another county gets 404 DEFINITION_NOT_FOUND, see DefinitionRegistry.latestFor)
 * and only its integrators add versions. Region-wide packages are the files in definitions/
 * and rows whose owner is unknown (added before migration 014 by a user id found in no or
 * several counties); no county changes them. There is no region-level user yet, so nothing
 * else is region-wide. Ids are one namespace for the installation: a county that POSTs an id
 * another county owns learns only that the id is taken (403 DEFINITION_NOT_OWNED), nothing
 * of the package.
 */
import type { Kysely } from 'kysely';
import type { CompiledDefinition, ProcessPackage } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';

export async function addApiPackage(
  db: Kysely<Database>,
  rt: Runtime,
  pkg: unknown,
  actor: { id: string; countyId: string },
): Promise<CompiledDefinition> {
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) throw new AppError('INVALID_BODY', 'Body must be {package: object}');
  const p = pkg as Partial<ProcessPackage> & { forms?: unknown };
  const forms = p.forms;
  if (forms && typeof forms === 'object') {
    const paths = Object.entries(forms as Record<string, unknown>).filter(([, f]) => typeof f === 'string');
    if (paths.length > 0) {
      throw new AppError('FORMS_NOT_INLINE', 'Through the API every form is an inline JSON Schema, not a file path', {
        errors: paths.map(([name]) => ({ pointer: `/forms/${name}`, message: '应为内联表单模式', message_en: 'must be an inline schema' })),
      });
    }
  }
  if (typeof p.id === 'string' && rt.registry.isFile(p.id)) {
    throw new AppError('DEFINITION_EXISTS', `"${p.id}" ships as a file in definitions/; counties change it with overlays`);
  }
  if (typeof p.id === 'string') {
    // The database is the authority (another server process may have registered it meanwhile).
    const row = await db.selectFrom('api_definitions').select(['county_id']).where('definition_id', '=', p.id).executeTakeFirst();
    if (row && row.county_id === null) {
      throw new AppError('DEFINITION_EXISTS', `"${p.id}" is a region-wide process; counties change it with overlays`);
    }
    if (row && row.county_id !== actor.countyId) {
      throw new AppError('DEFINITION_NOT_OWNED', `The id "${p.id}" is taken by another county; choose another id`);
    }
  }
  // Owned before it is registered, so no request sees it region-wide in between.
  if (typeof p.id === 'string') rt.registry.setOwner(p.id, actor.countyId);
  const [def] = await rt.registry.register(db, [pkg as ProcessPackage]);
  if (!def) throw new AppError('DEFINITION_MISSING', 'Nothing was registered');
  // The update only ever hits the caller's own row: a row of another county or a region-wide
  // one was refused above, and the WHERE keeps a row taken meanwhile by another county as it is.
  const written = await db
    .insertInto('api_definitions')
    .values({ definition_id: def.id, hash: def.hash, added_by: actor.id, added_at: rt.clock.now(), county_id: actor.countyId })
    .onConflict((oc) =>
      oc
        .column('definition_id')
        .doUpdateSet({ hash: def.hash, added_by: actor.id, added_at: rt.clock.now() })
        .where('api_definitions.county_id', '=', actor.countyId),
    )
    .returning('definition_id')
    .executeTakeFirst();
  if (!written) {
    // Another county claimed the id between the check and the insert: its package is current again.
    await loadApiPackages(db, rt, def.id);
    throw new AppError('DEFINITION_NOT_OWNED', `The id "${def.id}" is taken by another county; choose another id`);
  }
  return def;
}

/** On start: register the packages integrators added through the API (files win on a clash); `only`: just that one. */
export async function loadApiPackages(db: Kysely<Database>, rt: Runtime, only?: string): Promise<CompiledDefinition[]> {
  let query = db.selectFrom('api_definitions as a').innerJoin('definitions as d', 'd.hash', 'a.hash').select(['a.definition_id', 'a.county_id', 'd.package']);
  if (only !== undefined) query = query.where('a.definition_id', '=', only);
  const rows = await query.execute();
  const own = rows.filter((r) => !rt.registry.isFile(r.definition_id));
  const packages = own.map((r) => r.package as ProcessPackage);
  for (const r of own) rt.registry.setOwner(r.definition_id, r.county_id);
  return packages.length > 0 ? rt.registry.register(db, packages) : [];
}
