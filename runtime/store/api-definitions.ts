/**
 * The integrator path through the API: a new process package is checked exactly like a
 * file in definitions/ and, when it passes, becomes a base process for every county (a new
 * version of a package that came through the API replaces its base; a package shipped as a
 * file cannot be replaced this way). Kept in api_definitions so it is there after a restart.
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
  actorId: string,
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
  const [def] = await rt.registry.register(db, [pkg as ProcessPackage]);
  if (!def) throw new AppError('DEFINITION_MISSING', 'Nothing was registered');
  await db
    .insertInto('api_definitions')
    .values({ definition_id: def.id, hash: def.hash, added_by: actorId, added_at: rt.clock.now() })
    .onConflict((oc) => oc.column('definition_id').doUpdateSet({ hash: def.hash, added_by: actorId, added_at: rt.clock.now() }))
    .execute();
  return def;
}

/** On start: register the packages integrators added through the API (files win on a clash). */
export async function loadApiPackages(db: Kysely<Database>, rt: Runtime): Promise<CompiledDefinition[]> {
  const rows = await db
    .selectFrom('api_definitions as a')
    .innerJoin('definitions as d', 'd.hash', 'a.hash')
    .select(['a.definition_id', 'd.package'])
    .execute();
  const packages = rows.filter((r) => !rt.registry.isFile(r.definition_id)).map((r) => r.package as ProcessPackage);
  return packages.length > 0 ? rt.registry.register(db, packages) : [];
}
