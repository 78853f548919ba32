/**
 * `npm run check:definitions`: checks every process package in definitions/, every overlay
 * named in definitions/regions.json over its region chain (base + ancestors' overlays + its
 * own, as a county sees it), and every other overlay file under definitions/<id>/overlays/
 * over the base alone. Prints one line per problem — file, region, code, JSON pointer,
 * message — and exits 1 when there is any.
 *
 *   npx tsx runtime/tools/check-definitions.ts [definitions-dir]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFINITIONS_DIR, exampleChain, readExampleRegions, readPackageDir, type ExampleRegion } from '../definition-files.ts';
import { applyOverlays, checkPackage, type DefinitionError, type ProcessPackage } from '../engine/index.ts';
import { checkCatalogue, TABLE_CATALOGUES } from '../statistics/catalogue.ts';
import { checkOverlay, checkRules, effectiveRules, type PointRules } from '../points/rules.ts';

export interface CheckProblem extends DefinitionError {
  /** File the problem is reported against, relative to the definitions folder. */
  file: string;
  /** Region whose effective definition was checked (overlays only). */
  region?: string;
}

export interface CheckReport {
  /** What was checked: `suggestion`, `changshu: suggestion`, `suggestion/overlays/x.json`. */
  checked: string[];
  problems: CheckProblem[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function checkDefinitions(root: string = DEFINITIONS_DIR): CheckReport {
  const checked: string[] = [];
  const problems: CheckProblem[] = [];
  const packages = new Map<string, ProcessPackage>();

  const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'process.json')));
  for (const dir of dirs.map((d) => d.name).sort()) {
    try {
      const pkg = readPackageDir(join(root, dir));
      packages.set(pkg.id, pkg);
    } catch (err) {
      problems.push({ file: `${dir}/process.json`, code: 'UNREADABLE', pointer: '', message: message(err) });
    }
  }
  const known = new Set(packages.keys());
  for (const [id, pkg] of packages) {
    checked.push(id);
    for (const e of checkPackage(pkg, known)) problems.push({ file: `${id}/process.json`, ...e });
  }

  let regions: ExampleRegion[] = [];
  try {
    regions = readExampleRegions(root);
  } catch (err) {
    problems.push({ file: 'regions.json', code: 'UNREADABLE', pointer: '', message: message(err) });
  }
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const referenced = new Set<string>();
  for (const region of regions) {
    if (region.parent && !byCode.has(region.parent) && !region.parent.startsWith('demo')) {
      problems.push({ file: 'regions.json', region: region.code, code: 'UNKNOWN_PARENT', pointer: '', message: `Parent region "${region.parent}" is not defined` });
    }
    for (const [definitionId, path] of Object.entries(region.overlayFiles)) {
      referenced.add(path);
      const base = packages.get(definitionId);
      if (!base) {
        problems.push({ file: path, region: region.code, code: 'UNKNOWN_PROCESS', pointer: '', message: `No process "${definitionId}" in definitions/` });
        continue;
      }
      checked.push(`${region.code}: ${definitionId}`);
      const layers = exampleChain(region, regions)
        .filter((r) => r.overlays[definitionId] !== undefined)
        .map((r) => ({ level: r.level, patch: r.overlays[definitionId] }));
      try {
        for (const e of checkPackage(applyOverlays(base, layers), known)) problems.push({ file: path, region: region.code, ...e });
      } catch (err) {
        problems.push({ file: path, region: region.code, code: 'INVALID_OVERLAY', pointer: '', message: message(err) });
      }
    }
  }

  for (const [id, base] of packages) {
    const dir = join(root, id, 'overlays');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const path = `${id}/overlays/${name}`;
      if (referenced.has(path)) continue;
      checked.push(path);
      try {
        const patch: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        for (const e of checkPackage(applyOverlays(base, [{ level: 'county', patch }]), known)) problems.push({ file: path, ...e });
      } catch (err) {
        problems.push({ file: path, code: 'INVALID_OVERLAY', pointer: '', message: message(err) });
      }
    }
  }
  checkMetricCatalogues(root, packages, checked, problems);
  checkPointRules(root, packages, checked, problems);
  return { checked, problems };
}

/** Event types a catalogue may say it reads: every transition's event and every delay's timer of the packages. */
function eventTypes(packages: ReadonlyMap<string, ProcessPackage>): Set<string> {
  const out = new Set<string>();
  const walk = (states: Record<string, unknown> | undefined): void => {
    for (const s of Object.values(states ?? {}) as Array<{ on?: Record<string, unknown>; after?: Record<string, unknown>; states?: Record<string, unknown> }>) {
      for (const e of Object.keys(s.on ?? {})) out.add(e);
      for (const d of Object.keys(s.after ?? {})) out.add(`xstate.after.${d}`);
      walk(s.states);
    }
  };
  for (const pkg of packages.values()) walk(pkg.machine.states as Record<string, unknown>);
  return out;
}

/** definitions/<id>/metrics.json (issue 14): its shape (definitions/metrics.schema.json), references and labels. */
function checkMetricCatalogues(root: string, packages: ReadonlyMap<string, ProcessPackage>, checked: string[], problems: CheckProblem[]): void {
  const events = eventTypes(packages);
  // The processes' catalogues, then the catalogues over tables (deputies' points: no process package).
  for (const id of [...packages.keys(), ...TABLE_CATALOGUES.filter((t) => !packages.has(t))]) {
    const file = join(root, id, 'metrics.json');
    if (!existsSync(file)) continue;
    const path = `${id}/metrics.json`;
    checked.push(path);
    let cat: unknown;
    try {
      cat = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file: path, code: 'UNREADABLE', pointer: '', message: message(err) });
      continue;
    }
    const found = checkCatalogue(cat, events);
    for (const p of found) problems.push({ file: path, code: 'INVALID_METRICS', ...p });
    if (found.length > 0) continue;
    const c = cat as { process: string; child?: string; source?: string; metrics: Record<string, { labels?: { process: string; form: string } }> };
    if (c.process !== id) problems.push({ file: path, code: 'INVALID_METRICS', pointer: '/process', message: `the catalogue of ${id} names "${c.process}"` });
    if (!packages.has(id) && c.source !== 'point-entries') problems.push({ file: path, code: 'INVALID_METRICS', pointer: '/source', message: `"${id}" is no process: its catalogue must read a table (source point-entries)` });
    if (c.child !== undefined && !packages.has(c.child)) problems.push({ file: path, code: 'INVALID_METRICS', pointer: '/child', message: `no process "${c.child}"` });
    for (const [mid, m] of Object.entries(c.metrics)) {
      if (m.labels && !packages.get(m.labels.process)?.forms[m.labels.form]) problems.push({ file: path, code: 'INVALID_METRICS', pointer: `/metrics/${mid}/labels`, message: `no form "${m.labels.form}" in "${m.labels.process}"` });
    }
  }
}

export function formatReport(report: CheckReport, root: string): string[] {
  const lines = report.problems.map((p) => `${p.file}${p.region ? ` [${p.region}]` : ''}  ${p.code}  ${p.pointer || '/'}  ${p.message}`);
  const where = relative(process.cwd(), root) || '.';
  lines.push(
    report.problems.length === 0
      ? `${where}: ${report.checked.length} checked, no problems (${report.checked.join(', ')})`
      : `${where}: ${report.checked.length} checked, ${report.problems.length} problem(s)`,
  );
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.argv[2] ?? DEFINITIONS_DIR;
  const report = checkDefinitions(root);
  for (const line of formatReport(report, root)) console.log(line);
  process.exit(report.problems.length === 0 ? 0 : 1);
}

/** State names of a machine, at every depth (a trigger's `state` names one of them). */
function stateNames(pkg: ProcessPackage): Set<string> {
  const out = new Set<string>();
  const walk = (states: Record<string, unknown> | undefined, prefix: string): void => {
    for (const [name, s] of Object.entries(states ?? {}) as Array<[string, { states?: Record<string, unknown> }]>) {
      out.add(`${prefix}${name}`);
      walk(s.states, `${prefix}${name}.`);
    }
  };
  walk(pkg.machine.states as Record<string, unknown>, '');
  return out;
}

/**
 * definitions/deputy-points/rules.json (the point rules, DOMAIN §7.5): its shape
 * (rules.schema.json), units, and triggers naming processes and states that exist; and each
 * overlay under deputy-points/overlays/ merged over it, which may not touch the triggers.
 */
function checkPointRules(root: string, packages: ReadonlyMap<string, ProcessPackage>, checked: string[], problems: CheckProblem[]): void {
  const file = join(root, 'deputy-points', 'rules.json');
  if (!existsSync(file)) return;
  const processes = new Map([...packages].map(([id, pkg]) => [id, stateNames(pkg)] as const));
  let base: PointRules;
  try {
    base = JSON.parse(readFileSync(file, 'utf8')) as PointRules;
  } catch (err) {
    problems.push({ file: 'deputy-points/rules.json', code: 'UNREADABLE', pointer: '', message: message(err) });
    return;
  }
  checked.push('deputy-points/rules.json');
  for (const p of checkRules(base, processes)) problems.push({ file: 'deputy-points/rules.json', ...p });
  const dir = join(root, 'deputy-points', 'overlays');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const path = `deputy-points/overlays/${name}`;
    checked.push(path);
    try {
      const patch: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      for (const p of [...checkOverlay(base, patch), ...checkRules(effectiveRules(base, [patch]), processes)]) problems.push({ file: path, ...p });
    } catch (err) {
      problems.push({ file: path, code: 'INVALID_OVERLAY', pointer: '', message: message(err) });
    }
  }
}
