/**
 * Reading process packages from `definitions/<id>/process.json` (Node side). Form paths
 * are resolved to their schemas here so the engine core only ever sees data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from './errors.ts';
import { resolveTaxonomies, type JsonSchema, type ProcessPackage } from './engine/index.ts';

export const DEFINITIONS_DIR = new URL('../definitions/', import.meta.url).pathname;

/** A package file whose forms are paths (as written on disk) or inline schemas. */
export type PackageFile = Omit<ProcessPackage, 'forms'> & { forms: Record<string, string | JsonSchema> };

export function resolveForms(raw: PackageFile, readForm: (path: string) => JsonSchema): ProcessPackage {
  const forms: Record<string, JsonSchema> = {};
  for (const [name, ref] of Object.entries(raw.forms ?? {})) forms[name] = typeof ref === 'string' ? readForm(ref) : ref;
  return { ...raw, forms };
}

export function readPackageDir(dir: string): ProcessPackage {
  const file = join(dir, 'process.json');
  const raw = readJson(file) as PackageFile;
  // Form fields and settings that list a taxonomy's categories are written from the chosen one (taxonomy.ts).
  return resolveTaxonomies(resolveForms(raw, (path) => readJson(join(dir, path)) as JsonSchema));
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new AppError('DEFINITION_FILE_MISSING', `${file} does not exist`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('DEFINITION_FILE_INVALID', `${file}: ${(err as Error).message}`);
  }
}

/** Every package under a directory (each subdirectory holding a process.json). */
export function readPackages(root: string = DEFINITIONS_DIR): ProcessPackage[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'process.json')))
    .sort()
    .map((name) => readPackageDir(join(root, name)));
}

/** Canonical JSON (sorted keys) so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(pkg: ProcessPackage): string {
  return createHash('sha256').update(canonicalJson(pkg)).digest('hex');
}

/** A region of the worked county examples (`definitions/regions.json`). */
export interface ExampleRegion {
  code: string;
  level: 'province' | 'city' | 'county';
  /** Code of the parent region (it may be a demo region seeded before the examples). */
  parent?: string;
  name: string;
  name_en?: string;
  /** 县, 市 or 区: prefixes the names of the county's standard units. */
  unitPrefix?: string;
  note?: string;
  /** Extra handling units; `user` adds a unit user `<code>-<user>`. */
  units?: Array<{ id: string; name: string; name_en?: string; user?: string }>;
  /** A city's or province's region readers (上级人大, role `region`, migration 018): users `<code>-<user>` who read its counties' figures and registers. */
  readers?: Array<{ user: string; name: string }>;
  /** Process id → overlay (merge patch), read from the file the region names. */
  overlays: Record<string, unknown>;
  /** Process id → the overlay's file, relative to the definitions folder. */
  overlayFiles: Record<string, string>;
}

/** The worked county examples with their overlay files read; [] when the file is absent. */
export function readExampleRegions(root: string = DEFINITIONS_DIR): ExampleRegion[] {
  const file = join(root, 'regions.json');
  if (!existsSync(file)) return [];
  const raw = readJson(file) as { regions?: Array<Omit<ExampleRegion, 'overlays' | 'overlayFiles'> & { overlays?: Record<string, string> }> };
  return (raw.regions ?? []).map((r) => {
    const overlayFiles = r.overlays ?? {};
    const overlays = Object.fromEntries(Object.entries(overlayFiles).map(([id, path]) => [id, readJson(join(root, path))]));
    return { ...r, overlays, overlayFiles };
  });
}

/** An example region and its example ancestors, root first (demo regions above them keep no overlays). */
export function exampleChain(region: ExampleRegion, regions: readonly ExampleRegion[]): ExampleRegion[] {
  const out: ExampleRegion[] = [];
  // Regions nest at most province → city → county; the bound stops a cycle in a bad file.
  for (let r: ExampleRegion | undefined = region; r && out.length < 10; r = r.parent ? regions.find((x) => x.code === r?.parent) : undefined) out.unshift(r);
  return out;
}
