/**
 * The number (文号) of each issued letter beside the document it was signed from: a unit's answer
 * letter is drafted as a document (SUBMIT_DRAFT's `answer` form), then reviewed and signed by
 * outcomes without a form, and the signing step allocates its number (`allocateSerial` with a
 * `format`) at `context.answer.letterNo` and records it on the letter in `context.answers`
 * (`recordIn`). So a letter's document is the last one of its instance with the letter's form
 * submitted at or before the letter was signed (`signedAt`); a draft sent back and redrafted has
 * no number, the redraft has it. By convention the letter's object (`context.answer`) is named
 * after its form (`answer`).
 *
 * Instances started before letters were recorded in the list still show their latest letter
 * (the object at `to`).
 */
import type { Kysely } from 'kysely';
import type { NamedRef, ProcessPackage, StateJson } from '../engine/index.ts';
import { parseJson } from './json.ts';
import type { Database } from './schema.ts';
import { selectIssuedLetters } from './sql/issued-letters.ts';

/** Where a package keeps its numbered letters: context keys of the list and the latest letter, the number's key, and the letter's form. */
export interface LetterSpec {
  list: string;
  current: string;
  key: string;
  form: string;
}

/** The letter-numbering `allocateSerial` (one with a `format` and `recordIn`) anywhere in `state`. */
function letterSerial(state: StateJson): { to: string; recordIn: string } | null {
  let found: { to: string; recordIn: string } | null = null;
  const visit = (x: unknown): void => {
    if (found) return;
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const ref = x as NamedRef & { actions?: unknown };
      const p = ref.params ?? {};
      if (ref.type === 'allocateSerial' && typeof p.format === 'string' && typeof p.to === 'string' && typeof p.recordIn === 'string') found = { to: p.to, recordIn: p.recordIn };
      if (ref.actions) visit(ref.actions);
    }
  };
  visit(state.entry);
  for (const group of [state.on, state.after]) for (const t of Object.values(group ?? {})) visit(t);
  visit(state.always);
  for (const child of Object.values(state.states ?? {})) if (!found) found = letterSerial(child);
  return found;
}

/** A package's letters, when it numbers letters as `context.<form>.<key>` recorded in `context.<list>`. */
export function letterSpec(pkg: ProcessPackage): LetterSpec | null {
  const serial = letterSerial(pkg.machine);
  const to = serial?.to.split('.') ?? [];
  const list = serial?.recordIn.split('.') ?? [];
  if (to.length !== 3 || list.length !== 2 || to[0] !== 'context' || list[0] !== 'context') return null;
  const [, current, key] = to as [string, string, string];
  return Object.hasOwn(pkg.forms, current) ? { list: list[1] as string, current, key, form: current } : null;
}

interface Letter {
  no: string;
  signedAt: number;
}

function lettersOf(row: { issued: unknown; latest: unknown }, key: string): Letter[] {
  const entries = [...(Array.isArray(parseJson(row.issued)) ? (parseJson(row.issued) as unknown[]) : []), parseJson(row.latest)];
  const byNo = new Map<string, Letter>();
  for (const e of entries) {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) continue;
    const no = (e as Record<string, unknown>)[key];
    const signedAt = Date.parse(String((e as Record<string, unknown>).signedAt));
    if (typeof no === 'string' && no !== '' && !Number.isNaN(signedAt)) byNo.set(no, { no, signedAt });
  }
  return [...byNo.values()];
}

/** What of a document the matching reads. */
interface LetterDocument {
  instanceId: string;
  definitionHash: string;
  form: string;
  at: string;
}

/**
 * Each document's letter number, by index in `docs`: only the documents a letter was signed from
 * have one. One statement per way of keeping letters (in practice one: suggestion-assignment's).
 */
export async function letterNumbers(db: Kysely<Database>, countyId: string, docs: readonly LetterDocument[], packages: ReadonlyMap<string, ProcessPackage>): Promise<Map<number, string>> {
  const specs = new Map<string, LetterSpec | null>();
  for (const [hash, pkg] of packages) specs.set(hash, letterSpec(pkg));
  const groups = new Map<string, { spec: LetterSpec; docs: Array<{ d: LetterDocument; i: number }> }>();
  docs.forEach((d, i) => {
    const spec = specs.get(d.definitionHash);
    if (!spec || d.form !== spec.form) return;
    const k = `${spec.list}|${spec.current}|${spec.key}`;
    const group = groups.get(k) ?? { spec, docs: [] };
    group.docs.push({ d, i });
    groups.set(k, group);
  });
  const numbers = new Map<number, string>();
  for (const { spec, docs: candidates } of groups.values()) {
    const rows = await selectIssuedLetters(db, countyId, [...new Set(candidates.map((x) => x.d.instanceId))], spec.list, spec.current);
    for (const row of rows) {
      const own = candidates.filter((x) => x.d.instanceId === row.id).sort((a, b) => Date.parse(a.d.at) - Date.parse(b.d.at) || a.i - b.i);
      for (const letter of lettersOf(row, spec.key)) {
        const from = own.filter((x) => Date.parse(x.d.at) <= letter.signedAt).pop();
        if (from) numbers.set(from.i, letter.no);
      }
    }
  }
  return numbers;
}
