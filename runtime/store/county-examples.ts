/**
 * The worked county examples of `definitions/regions.json`, seeded with the demo data:
 * their regions (province → city → county), each county's standard units and users, the
 * overlays each region keeps, and each county's effective definitions published as its
 * version 1 so new instances run on them.
 *
 * Example users are named `<code>-<user>` (`changshu-staff`, `yanjiang-deputy1`) with the
 * same string as id: usernames stay unique across the demo database, so logging in needs no
 * county code, and form data names them the same way it names demo users.
 */
import type { Kysely } from 'kysely';
import { exampleChain, type ExampleRegion } from '../definition-files.ts';
import { getOverlay, publish, saveRegionOverlay } from './county-definitions.ts';
import { hashPassword } from './passwords.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { latestVersionHash } from './sql/latest-definition-version.ts';
import { lockSeed } from './sql/lock-seed.ts';
import { addToRoster, createUsers, DEMO_PASSWORD, STANDARD_USERS, standardUnits, type UserSpec } from './seed.ts';
import { createRegion, createUnit, findRegionByCode } from './users.ts';

export interface ExampleSummary {
  /** Codes of the regions created by this call (none when they all existed). */
  created: string[];
  /** `county/process@version` for each version published by this call. */
  published: string[];
}

function usersOf(region: ExampleRegion): UserSpec[] {
  const standard = STANDARD_USERS.map((u) => ({ ...u, id: `${region.code}-${u.username}`, username: `${region.code}-${u.username}` }));
  const extra = (region.units ?? [])
    .filter((u) => u.user)
    .map((u) => ({ id: `${region.code}-${u.user}`, username: `${region.code}-${u.user}`, displayName: `${u.name}工作人员`, roles: ['unit' as const], unitId: u.id }));
  return [...standard, ...extra];
}

/**
 * Creates the example regions that do not exist yet (one transaction under the seed lock),
 * then saves each region's overlays and publishes each example county's effective
 * definitions where the county has no published version of that process. Both halves are
 * idempotent, so a crash between them is repaired by the next start.
 */
export async function seedCountyExamples(db: Kysely<Database>, rt: Runtime, regions: ExampleRegion[], log?: (line: string) => void): Promise<ExampleSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created = await db.transaction().execute(async (trx) => {
    // The demo seed's lock: examples and demo never seed at the same time.
    await lockSeed(trx);
    const made: string[] = [];
    for (const region of regions) {
      if (await findRegionByCode(trx, region.code)) continue;
      const parent = region.parent ? await findRegionByCode(trx, region.parent) : undefined;
      if (region.parent && !parent) throw new Error(`regions.json: ${region.code} names parent ${region.parent}, which does not exist`);
      const stable = (): string => region.code;
      await createRegion(trx, { id: region.code, parentId: parent?.id ?? null, level: region.level, code: region.code, name: region.name, nameEn: region.name_en ?? null }, stable);
      if (region.level === 'county') {
        const units = [...standardUnits(region.unitPrefix ?? '县'), ...(region.units ?? []).map((u) => ({ id: u.id, name: u.name, nameEn: u.name_en ?? null }))];
        for (const unit of units) await createUnit(trx, region.code, unit, stable);
        await addToRoster(trx, region.code, await createUsers(trx, region.code, region.code, usersOf(region), passwordHash));
      }
      made.push(region.code);
    }
    return made;
  });

  const published: string[] = [];
  for (const region of regions) {
    for (const [definitionId, patch] of Object.entries(region.overlays)) {
      if ((await getOverlay(db, region.code, definitionId)) === null) await saveRegionOverlay(db, rt, region.code, definitionId, patch, null);
    }
  }
  for (const county of regions.filter((r) => r.level === 'county')) {
    const chain = exampleChain(county, regions);
    const definitionIds = new Set(chain.flatMap((r) => Object.keys(r.overlays)));
    for (const definitionId of definitionIds) {
      if ((await latestVersionHash(db, county.code, definitionId)) !== undefined) continue;
      const version = await publish(db, rt, county.code, definitionId, `${county.code}-admin`).catch(async (err: unknown) => {
        // Another server starting at the same moment published it first (versions are unique): theirs stands.
        if ((await latestVersionHash(db, county.code, definitionId)) !== undefined) return undefined;
        throw err;
      });
      if (version) published.push(`${county.code}/${definitionId}@${version.version}`);
    }
  }
  if (log && created.length > 0) {
    log(`County examples: ${regions.filter((r) => r.level === 'county').map((r) => `${r.name} (${r.code})`).join(', ')}; users <code>-admin, <code>-staff, <code>-leader, <code>-unit1..3, <code>-deputy1..5, password "${DEMO_PASSWORD}".`);
  }
  await seedRegionReaders(db, regions, passwordHash);
  return { created, published };
}

/**
 * The region readers of cities and provinces (`readers`: users `<code>-<user>` holding only the
 * role `region`, their home the region itself, migration 018). Made when missing, also for a
 * region an older start created, so a database seeded before them gains them on the next start.
 */
async function seedRegionReaders(db: Kysely<Database>, regions: ExampleRegion[], passwordHash: string): Promise<void> {
  const wanted = regions.filter((r) => r.level !== 'county' && (r.readers ?? []).length > 0);
  if (wanted.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await lockSeed(trx);
    for (const region of wanted) {
      const found = await findRegionByCode(trx, region.code);
      if (!found) continue;
      for (const reader of region.readers ?? []) {
        const id = `${region.code}-${reader.user}`;
        const exists = await trx.selectFrom('users').select('id').where('county_id', '=', found.id).where('id', '=', id).executeTakeFirst();
        if (!exists) await createUsers(trx, found.id, region.code, [{ id, username: id, displayName: reader.name, roles: ['region'] }], passwordHash);
      }
    }
  });
}
