/**
 * The statistics catalogues as files (definitions/<process>/metrics.json, shaped by
 * definitions/metrics.schema.json): one process's (`baseCatalogue`, re-exported by
 * statistics.ts) and all of them (`baseCatalogues`: the statistics projection's keys,
 * statistics-projection.ts). Read once per server process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITIONS_DIR } from '../definition-files.ts';
import { AppError } from '../errors.ts';
import { checkCatalogue, type Catalogue } from '../statistics/catalogue.ts';

const files = new Map<string, Catalogue | null>();

/** The base catalogue of a process from definitions/<id>/metrics.json; null when it has none. */
export function baseCatalogue(processId: string): Catalogue | null {
  if (files.has(processId)) return files.get(processId) ?? null;
  const file = join(DEFINITIONS_DIR, processId, 'metrics.json');
  let cat: Catalogue | null = null;
  if (/^[a-z][a-z0-9-]{1,62}$/.test(processId) && existsSync(file)) {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const problems = checkCatalogue(raw);
    if (problems.length > 0) throw new AppError('DEFINITION_FILE_INVALID', `${file}: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    cat = raw as Catalogue;
  }
  files.set(processId, cat);
  return cat;
}

let all: Catalogue[] | undefined;

/**
 * Every process's base catalogue over instances, by directory name (the statistics projection
 * keeps their facts). A catalogue over a table of its own (deputies' points, `source`
 * point-entries) reads its rows each time and is not among them.
 */
export function baseCatalogues(): Catalogue[] {
  if (all) return all;
  all = readdirSync(DEFINITIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(DEFINITIONS_DIR, d.name, 'metrics.json')))
    .map((d) => d.name)
    .sort()
    .map((id) => baseCatalogue(id))
    .filter((c): c is Catalogue => c !== null && (c.source ?? 'instances') === 'instances');
  return all;
}
