/**
 * The statistics projection's facts (issue 14, Performance; table statistics_facts, migration
 * 022): what the catalogues' facts read from an instance's context, kept per instance so the
 * figures never read snapshots. Pure: the keys a set of catalogues reads, and the values of
 * those keys in a context — the same values as the snapshot statement's `#>` reads
 * (runtime/store/sql/statistics-rows.ts) and the back-fill's (sql/statistics-projection-fill.ts).
 *
 * A key is a fact source: its context path (`context.submittedAt`), or the path and `#length`
 * for a fact read `as: length` (`context.feedback#length`: an array's length, else 0). Metrics
 * stay data: a county overlay that changes populations or metrics reads the same keys; one
 * that reads a path no catalogue file reads finds its key missing and is computed from the
 * snapshots instead (runtime/store/statistics.ts).
 */
import { kindsOf, type Catalogue, type FactSource } from './catalogue.ts';

/** The key a fact source is kept under; undefined for a computed (`rule`) fact. */
export function projectionKey(f: Pick<FactSource, 'path' | 'as'>): string | undefined {
  if (f.path === undefined) return undefined;
  return f.as === 'length' ? `${f.path}#length` : f.path;
}

/** The keys each process's instances keep, over a set of catalogues: a catalogue's process (its instance facts), child process (its child facts) and linked process (its facts and `by`). */
export function projectionKeys(catalogues: readonly Catalogue[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (definitionId: string, facts: Record<string, FactSource> | undefined) => {
    let keys = out.get(definitionId);
    if (!keys) out.set(definitionId, (keys = new Set()));
    for (const f of Object.values(facts ?? {})) {
      const k = projectionKey(f);
      if (k !== undefined) keys.add(k);
    }
  };
  for (const c of catalogues) {
    const k = kindsOf(c);
    add(c.process, c.facts[k.instance]);
    if (k.child !== undefined && c.child !== undefined) add(c.child, c.facts[k.child]);
    // A linked process's rows keep its facts and the path naming the child that started it (the join).
    if (c.linked) add(c.linked.process, { ...c.facts[c.linked.kind], [`${c.linked.kind}:by`]: { path: c.linked.by } });
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)).map(([d, keys]) => [d, [...keys].sort()]));
}

/** The value at `keys` below `value`, as PostgreSQL's `#>` finds it: object members, array indexes (negative from the end); null when absent. */
function at(value: unknown, keys: readonly string[]): unknown {
  let cur: unknown = value;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (!/^-?\d+$/.test(k)) return null;
      const i = Number(k);
      cur = cur[i < 0 ? cur.length + i : i];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.hasOwn(cur, k) ? (cur as Record<string, unknown>)[k] : undefined;
    } else return null;
    if (cur === undefined) return null;
  }
  return cur === undefined ? null : cur;
}

/** The keys' values in an instance's context (`context.a.b` reads context → a → b). */
export function extractFacts(keys: readonly string[], context: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const length = key.endsWith('#length');
    const path = (length ? key.slice(0, -'#length'.length) : key).split('.').slice(1);
    const v = at(context, path);
    out[key] = length ? (Array.isArray(v) ? v.length : 0) : v;
  }
  return out;
}

/** The text PostgreSQL's `#>>` gives for a jsonb value (null for JSON null), for the period's equality filter. */
export function jsonText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
