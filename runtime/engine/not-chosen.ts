/**
 * The candidates a vote left out, with the votes each had (DOMAIN §3.5 SHORTFALL): what the
 * standing committee chooses from when it decides the seats left empty (`SC_DECIDES`), and
 * what a next session may propose again (`NEXT_SESSION`). Pure: the `listNotChosen` action
 * (machine.ts) writes its answer into the context.
 */

type Item = Record<string, unknown>;

/** A ballot result as BALLOT_CLOSED carries it: `counts` per candidate (approvals, or points when ranked). */
interface CountsLike {
  counts?: unknown;
}

/**
 * Each candidate whose `id` is not in `chosen`, in the candidates' order, with `votes`: its
 * approvals (or ranked points) in the latest result that counted it, or null when none did.
 */
export function notChosen(candidates: unknown, chosen: unknown, results: unknown): Item[] {
  const taken = new Set(Array.isArray(chosen) ? chosen.map(String) : []);
  const rounds = (Array.isArray(results) ? results : []) as CountsLike[];
  const votesOf = (id: string): number | null => {
    for (let i = rounds.length - 1; i >= 0; i--) {
      const counts = rounds[i]?.counts;
      if (!Array.isArray(counts)) continue;
      const c = counts.find((x: unknown) => x !== null && typeof x === 'object' && (x as Item).candidateId === id) as Item | undefined;
      if (!c) continue;
      const v = typeof c.approve === 'number' ? c.approve : c.points;
      return typeof v === 'number' ? v : null;
    }
    return null;
  };
  const list = (Array.isArray(candidates) ? candidates : []) as unknown[];
  return list
    .filter((c): c is Item => c !== null && typeof c === 'object' && !Array.isArray(c) && typeof (c as Item).id === 'string' && !taken.has((c as Item).id as string))
    .map((c) => ({ ...c, votes: votesOf(c.id as string) }));
}
