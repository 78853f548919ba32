/**
 * County customisation: overlays per region (province → city → county), the effective
 * definition a county sees, and published versions that new instances start on. A county
 * never edits the base; running instances stay on the version they started with.
 */
import type { Kysely } from 'kysely';
import {
  applyOverlays,
  checkPackage,
  diffPackages,
  overlayRemovals,
  type CompiledDefinition,
  type DefinitionChange,
  type DefinitionError,
  type ProcessPackage,
} from '../engine/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { settingsProblems } from './settings-check.ts';
import { insertDefinitionVersion } from './sql/add-definition-version.ts';
import { latestVersionHash } from './sql/latest-definition-version.ts';

export interface RegionRow {
  id: string;
  level: string;
  name: string;
}

/** The county and its ancestors, root (province) first. */
export async function regionChain(db: Kysely<Database>, countyId: string): Promise<RegionRow[]> {
  const chain: RegionRow[] = [];
  let id: string | null = countyId;
  // Regions nest at most province → city → county; the loop guard stops a cycle in bad data.
  for (let i = 0; id && i < 10; i++) {
    const row = await db.selectFrom('regions').select(['id', 'parent_id', 'level', 'name']).where('id', '=', id).executeTakeFirst();
    if (!row) break;
    chain.unshift({ id: row.id, level: row.level, name: row.name });
    id = row.parent_id;
  }
  return chain;
}

async function overlaysOf(db: Kysely<Database>, regionIds: string[], definitionId: string): Promise<Map<string, unknown>> {
  if (regionIds.length === 0) return new Map();
  const rows = await db.selectFrom('overlays').select(['region_id', 'patch']).where('region_id', 'in', regionIds).where('definition_id', '=', definitionId).execute();
  return new Map(rows.map((r) => [r.region_id, r.patch]));
}

export interface Draft {
  pkg: ProcessPackage;
  /** What the region's parent sees (base + ancestors' overlays). */
  parent: ProcessPackage;
  errors: DefinitionError[];
}

/**
 * The effective definition for a region: base + every ancestor's overlay + its own
 * (optionally replaced by `patch`, for checking a change before saving it).
 */
export async function effectiveDraft(db: Kysely<Database>, rt: Runtime, regionId: string, definitionId: string, patch?: unknown): Promise<Draft> {
  const base = rt.registry.latestFor(regionId, definitionId).pkg;
  const chain = await regionChain(db, regionId);
  const stored = await overlaysOf(db, chain.map((r) => r.id), definitionId);
  const ancestors = chain.filter((r) => r.id !== regionId && stored.has(r.id)).map((r) => ({ level: r.level, patch: stored.get(r.id) }));
  const own = patch !== undefined ? patch : stored.get(regionId);
  let pkg: ProcessPackage;
  let parent: ProcessPackage;
  try {
    parent = applyOverlays(base, ancestors);
    pkg = own === undefined ? parent : applyOverlays(parent, [{ level: 'county', patch: own }]);
  } catch (err) {
    throw new AppError('INVALID_OVERLAY', (err as Error).message);
  }
  return { pkg, parent, errors: checkPackage(pkg, rt.registry.knownIds()) };
}

/** Ids of states a package has (dotted, under the machine id). */
function stateIds(pkg: ProcessPackage): Set<string> {
  const out = new Set<string>();
  const walk = (prefix: string, states: Record<string, { states?: Record<string, unknown> }> | undefined) => {
    for (const [k, v] of Object.entries(states ?? {})) {
      out.add(`${prefix}.${k}`);
      walk(`${prefix}.${k}`, v.states as Record<string, { states?: Record<string, unknown> }> | undefined);
    }
  };
  walk(pkg.machine.id, pkg.machine.states as Record<string, { states?: Record<string, unknown> }>);
  return out;
}

/**
 * Save a county's overlay after checking the effective definition. Refused (nothing saved):
 * a definition that does not check (422 with every error and pointer), settings that do not
 * hold (400 INVALID_INPUT in words, settings-check.ts: grade bands with a gap or overlap), or an overlay that
 * removes a state in which this county has running instances (409 STATE_IN_USE).
 */
export async function saveOverlay(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string, patch: unknown, actorId: string): Promise<Draft> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new AppError('INVALID_OVERLAY', 'An overlay is a JSON object (RFC 7396 merge patch)');
  const draft = await effectiveDraft(db, rt, countyId, definitionId, patch);
  // Settings the schema cannot judge (grade bands covering 0–100) first, in words naming the band: 400, nothing saved.
  const unsound = settingsProblems(definitionId, draft.pkg);
  if (unsound.length > 0) {
    throw new AppError('INVALID_INPUT', `${unsound.map((p) => p.message).join('；')} / ${unsound.map((p) => p.message_en).join('; ')}`, { errors: unsound });
  }
  if (draft.errors.length > 0) throw new AppError('DEFINITION_INVALID', `The overlay leaves ${draft.errors.length} problem(s) in the definition`, { errors: draft.errors });
  const before = stateIds(draft.parent);
  const after = stateIds(draft.pkg);
  const removed = [...before].filter((s) => !after.has(s));
  if (removed.length > 0) {
    const running = await db
      .selectFrom('instances')
      .select(['state'])
      .where('county_id', '=', countyId)
      .where('status', '=', 'active')
      .where('definition_id', '=', definitionId)
      .execute();
    const inUse = removed.filter((id) => {
      const local = id.split('.').slice(1).join('.');
      return running.some((r) => r.state.split(', ').some((s) => s === local || s.startsWith(`${local}.`)));
    });
    if (inUse.length > 0) {
      throw new AppError('STATE_IN_USE', 'Running instances stand on states this overlay removes; migrate them first', {
        states: inUse,
        pointers: overlayRemovals(draft.parent, patch),
      });
    }
  }
  await upsertOverlay(db, rt, countyId, definitionId, patch, actorId);
  return draft;
}

/** Save the overlay of a province or city (no instances run there; its counties are checked when they publish). */
export async function saveRegionOverlay(db: Kysely<Database>, rt: Runtime, regionId: string, definitionId: string, patch: unknown, actorId: string | null): Promise<void> {
  await upsertOverlay(db, rt, regionId, definitionId, patch, actorId);
}

async function upsertOverlay(db: Kysely<Database>, rt: Runtime, regionId: string, definitionId: string, patch: unknown, actorId: string | null): Promise<void> {
  await db
    .insertInto('overlays')
    .values({ region_id: regionId, definition_id: definitionId, patch: JSON.stringify(patch), updated_by: actorId, updated_at: rt.clock.now() })
    .onConflict((oc) => oc.columns(['region_id', 'definition_id']).doUpdateSet({ patch: JSON.stringify(patch), updated_by: actorId, updated_at: rt.clock.now() }))
    .execute();
}

export async function getOverlay(db: Kysely<Database>, countyId: string, definitionId: string): Promise<unknown> {
  const row = await db.selectFrom('overlays').select('patch').where('region_id', '=', countyId).where('definition_id', '=', definitionId).executeTakeFirst();
  return row?.patch ?? null;
}

export interface VersionView {
  version: number;
  hash: string;
  publishedBy: string | null;
  publishedByName: string | null;
  publishedAt: string;
}

export async function listVersions(db: Kysely<Database>, countyId: string, definitionId: string): Promise<VersionView[]> {
  const rows = await db
    .selectFrom('definition_versions as v')
    .leftJoin('users as u', (j) => j.onRef('u.county_id', '=', 'v.county_id').onRef('u.id', '=', 'v.published_by'))
    .select(['v.version', 'v.hash', 'v.published_by', 'v.published_at', 'u.display_name'])
    .where('v.county_id', '=', countyId)
    .where('v.definition_id', '=', definitionId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    hash: r.hash,
    publishedBy: r.published_by,
    publishedByName: r.display_name ?? null,
    publishedAt: new Date(r.published_at).toISOString(),
  }));
}

/**
 * Freeze the county's effective definition as its next version. Publishing an unchanged
 * definition returns the current version instead of adding a copy.
 */
export async function publish(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string, actorId: string): Promise<VersionView> {
  const draft = await effectiveDraft(db, rt, countyId, definitionId);
  if (draft.errors.length > 0) throw new AppError('DEFINITION_INVALID', 'The effective definition does not check; fix it before publishing', { errors: draft.errors });
  const def = await rt.registry.storeVersion(db, draft.pkg);
  const [latest] = await listVersions(db, countyId, definitionId);
  if (latest && latest.hash === def.hash) return latest;
  await insertDefinitionVersion(db, { countyId, definitionId, version: (latest?.version ?? 0) + 1, hash: def.hash, publishedBy: actorId, publishedAt: rt.clock.now() });
  const [created] = await listVersions(db, countyId, definitionId);
  return created as VersionView;
}

/** The content hash of a county's published version; 404 when there is no such version. */
export async function versionHash(db: Kysely<Database>, countyId: string, definitionId: string, version: number): Promise<string> {
  const row = await db
    .selectFrom('definition_versions')
    .select('hash')
    .where('county_id', '=', countyId)
    .where('definition_id', '=', definitionId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('VERSION_NOT_FOUND', `No version ${version} of "${definitionId}"`);
  return row.hash;
}

/** What a new instance of this process starts on in this county: its latest published version, else the base. */
export async function currentDefinition(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string): Promise<CompiledDefinition> {
  const base = rt.registry.latestFor(countyId, definitionId);
  const hash = await latestVersionHash(db, countyId, definitionId);
  return hash !== undefined ? rt.registry.byHash(db, hash) : base;
}

/** Changes between two published versions, or (no versions given) the county's draft against its parent. */
export async function diffVersions(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  definitionId: string,
  from?: number,
  to?: number,
): Promise<DefinitionChange[]> {
  rt.registry.latestFor(countyId, definitionId); // another county's package: not found, even its versions' diff
  const pkgOf = async (version: number) => (await rt.registry.byHash(db, await versionHash(db, countyId, definitionId, version))).pkg;
  if (from === undefined && to === undefined) {
    const draft = await effectiveDraft(db, rt, countyId, definitionId);
    return diffPackages(draft.parent, draft.pkg);
  }
  const before = from === undefined ? rt.registry.latest(definitionId).pkg : await pkgOf(from);
  const after = to === undefined ? (await effectiveDraft(db, rt, countyId, definitionId)).pkg : await pkgOf(to);
  return diffPackages(before, after);
}

