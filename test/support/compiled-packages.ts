/**
 * The packages of definitions/ compiled once per test file (vitest runs each file in a process
 * of its own; a file opens a work app per database, many one per test): each app hands them to
 * its runtime (createRuntime({ compiled })), so registerFiles stores them without compiling all
 * eight again — measured 10–16 s per app on the loaded 2-core box (load average ~20), about a
 * tenth of that idle. Compiled exactly as registerFiles compiles them on a fresh runtime: every
 * package of the set known, checked first.
 */
import { compileDefinition, type CompiledDefinition } from '../../runtime/engine/index.ts';
import { contentHash, readPackages } from '../../runtime/definition-files.ts';

let compiled: CompiledDefinition[] | undefined;

export function compiledPackages(): CompiledDefinition[] {
  if (!compiled) {
    const packages = readPackages();
    const known = new Set(packages.map((p) => p.id));
    compiled = packages.map((pkg) => {
      const result = compileDefinition(pkg, contentHash(pkg), known);
      if (!result.ok) throw new Error(`definitions/${pkg.id}: ${JSON.stringify(result.errors)}`);
      return result.definition;
    });
  }
  return compiled;
}
