/**
 * Process definitions by content hash: stored once in `definitions`, compiled once per
 * process (machine + validators) and cached, so no request ever compiles a schema.
 * Instances pin the hash they started on; a new package version never moves them.
 */
import type { Kysely } from 'kysely';
import { compileDefinition, DefinitionCache, resolveTaxonomies, type CompiledDefinition, type DefinitionError, type ProcessPackage } from '../engine/index.ts';
import { contentHash } from '../definition-files.ts';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';
import { insertDefinition } from './sql/insert-definition.ts';

export class DefinitionRegistry {
  private readonly cache = new DefinitionCache();
  /** process id → hash of the latest registered version */
  private readonly latestHash = new Map<string, string>();

  private readonly fromFiles = new Set<string>();
  /** process id → the county that added it through the API (absent: region-wide). */
  private readonly owners = new Map<string, string>();

  /**
   * `compiled`: definitions compiled elsewhere in this process (tests compile the packages of
   * definitions/ once per test file and hand them to each test app's runtime: compiling all
   * eight took 10–16 s per app on a loaded 2-core box). Registering a package whose hash is
   * among them stores it without compiling it again, as a second registration does. The server
   * passes none.
   */
  constructor(compiled: readonly CompiledDefinition[] = []) {
    for (const def of compiled) this.cache.add(def);
  }

  /** Register the packages shipped as files in definitions/ (they cannot be replaced through the API). */
  async registerFiles(db: Kysely<Database>, packages: ProcessPackage[]): Promise<CompiledDefinition[]> {
    const compiled = await this.register(db, packages);
    for (const p of packages) this.fromFiles.add(p.id);
    return compiled;
  }

  isFile(id: string): boolean {
    return this.fromFiles.has(id);
  }

  /** Check, compile, store and make current a set of packages (children may refer to each other). */
  async register(db: Kysely<Database>, packages: ProcessPackage[]): Promise<CompiledDefinition[]> {
    const known = new Set([...this.latestHash.keys(), ...packages.map((p) => p.id)]);
    const compiled: CompiledDefinition[] = [];
    const problems: Array<{ id: string; errors: DefinitionError[] }> = [];
    // A package added through the API has its taxonomy lists written as files' packages do (taxonomy.ts).
    for (const pkg of packages.map(resolveTaxonomies)) {
      const hash = contentHash(pkg);
      const result = this.cache.get(hash) ? { ok: true as const, definition: this.cache.get(hash) as CompiledDefinition } : compileDefinition(pkg, hash, known);
      if (!result.ok) problems.push({ id: pkg.id, errors: result.errors });
      else compiled.push(result.definition);
    }
    if (problems.length > 0) {
      throw new AppError('DEFINITION_INVALID', `Definition check failed: ${problems.map((p) => p.id).join(', ')}`, problems);
    }
    for (const def of compiled) {
      await insertDefinition(db, def);
      this.cache.add(def);
      this.latestHash.set(def.id, def.hash);
    }
    return compiled;
  }

  /**
   * Store a county's effective definition (checked first) without making it the base:
   * published versions live beside the base, keyed by their own content hash.
   */
  async storeVersion(db: Kysely<Database>, pkg: ProcessPackage): Promise<CompiledDefinition> {
    const hash = contentHash(pkg);
    const cached = this.cache.get(hash);
    if (cached) {
      await insertDefinition(db, cached);
      return cached;
    }
    const result = compileDefinition(pkg, hash, new Set(this.latestHash.keys()));
    if (!result.ok) throw new AppError('DEFINITION_INVALID', `Definition check failed: ${pkg.id}`, [{ id: pkg.id, errors: result.errors }]);
    await insertDefinition(db, result.definition);
    this.cache.add(result.definition);
    return result.definition;
  }

  /** Record the county that owns an API-added package (api-definitions.ts); null: region-wide. */
  setOwner(id: string, countyId: string | null): void {
    if (countyId === null) this.owners.delete(id);
    else this.owners.set(id, countyId);
  }

  /** The owning county of an API-added package; undefined for a region-wide one (a file, or owner unknown). */
  ownerOf(id: string): string | undefined {
    return this.owners.get(id);
  }

  /** A county sees the region-wide packages and its own, never another county's. */
  visibleTo(countyId: string, id: string): boolean {
    const owner = this.owners.get(id);
    return owner === undefined || owner === countyId;
  }

  /**
   * `latest`, as county `countyId` may see it: another county's package is "not found", so a
   * county does not learn which ids its siblings use (beyond POST /api/definitions refusing a taken id).
   */
  latestFor(countyId: string, id: string): CompiledDefinition {
    if (!this.visibleTo(countyId, id)) throw new AppError('DEFINITION_NOT_FOUND', `No process "${id}"`);
    return this.latest(id);
  }

  /** `list`, as county `countyId` may see it. */
  listFor(countyId: string): CompiledDefinition[] {
    return this.list().filter((d) => this.visibleTo(countyId, d.id));
  }

  /** Ids of every known process (for spawn checks). */
  knownIds(): Set<string> {
    return new Set(this.latestHash.keys());
  }

  /** The current definition of a process; 404 when unknown. */
  latest(id: string): CompiledDefinition {
    const hash = this.latestHash.get(id);
    const def = hash ? this.cache.get(hash) : undefined;
    if (!def) throw new AppError('DEFINITION_NOT_FOUND', `No process "${id}"`);
    return def;
  }

  list(): CompiledDefinition[] {
    return [...this.latestHash.values()].map((h) => this.cache.get(h) as CompiledDefinition);
  }

  /** The definition an instance is pinned to; loaded from the database on first use after a restart. */
  async byHash(db: Kysely<Database>, hash: string): Promise<CompiledDefinition> {
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const row = await db.selectFrom('definitions').select(['package']).where('hash', '=', hash).executeTakeFirst();
    if (!row) throw new AppError('DEFINITION_MISSING', `Definition ${hash} is not stored`);
    const pkg = row.package as ProcessPackage;
    const result = compileDefinition(pkg, hash);
    if (!result.ok) throw new AppError('STORED_DEFINITION_INVALID', `Stored definition ${hash} no longer checks`, result.errors);
    this.cache.add(result.definition);
    return result.definition;
  }
}
