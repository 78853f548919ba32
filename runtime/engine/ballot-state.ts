/** Ballots held by states (`meta.ballot`): created on entry, cancelled when left open, spent when their result arrives. */
import type { AnyMachineSnapshot } from 'xstate';
import { readPath, renderTemplate, type Scope } from './paths.ts';
import { shortName } from './state-value.ts';
import type { StepWork } from './step-work.ts';
import type { BallotStateSpec, EngineEvent } from './types.ts';

/** Resolve a `meta.ballot` against the context (literals stay, `context.…` paths are read) and emit createBallot. */
export function createBallot(work: StepWork, current: AnyMachineSnapshot, stateId: string, spec: BallotStateSpec): void {
  const scope: Scope = { context: current.context };
  const value = (v: unknown): unknown => (typeof v === 'string' && v.startsWith('context.') ? readPath(scope, v) : v);
  let ballotSpec: Record<string, unknown>;
  if (spec.spec) {
    const read = value(spec.spec);
    const { electorate: _ignored, ...rest } = (read !== null && typeof read === 'object' ? read : {}) as Record<string, unknown>;
    ballotSpec = rest;
  } else {
    const list = value(spec.candidates);
    // A list of candidates, or one object (a single item to rate, e.g. one project).
    const candidates = (Array.isArray(list) ? list : list !== null && typeof list === 'object' ? [list] : []).map((c) => {
      const item = (c ?? {}) as Record<string, unknown>;
      const title_en = item.title_en ?? item.name_en;
      return { id: String(item.id ?? ''), title: String(item.title ?? item.name ?? ''), ...(typeof title_en === 'string' ? { title_en } : {}) };
    });
    ballotSpec = { kind: value(spec.kind), candidates };
    for (const key of ['seats', 'countRule', 'thresholdBasis', 'shortfallAction'] as const) {
      const v = value(spec[key]);
      if (v !== undefined && v !== null) ballotSpec[key] = v;
    }
  }
  const key = `${shortName(stateId)}-b${++work.snapshot.counter}`;
  (work.snapshot.ballots ??= {})[stateId] = key;
  work.effects.push({
    type: 'createBallot',
    key,
    title: renderTemplate(spec.title, scope),
    electorate: String(value(spec.electorate) ?? ''),
    spec: ballotSpec,
    batchSize: spec.batchSize ?? null,
    termId: spec.term === undefined ? null : ((value(spec.term) as string | null | undefined) ?? null),
    // Secret unless the definition says false in so many words.
    secret: spec.secret === undefined ? true : value(spec.secret) !== false,
    ...(spec.voters === undefined ? {} : { voters: typeof value(spec.voters) === 'number' ? (value(spec.voters) as number) : null }),
  });
}

/** Cancel the ballot a state holds (it was left, or re-entered, before the ballot closed). */
export function cancelBallot(work: StepWork, stateId: string): void {
  const key = work.snapshot.ballots?.[stateId];
  if (key === undefined) return;
  work.effects.push({ type: 'cancelBallot', key });
  delete work.snapshot.ballots?.[stateId];
}

/**
 * A `BALLOT_CLOSED` result spends the ballot it reports: the state no longer holds it, so
 * staying in (or re-entering) the state opens a new one. True when a ballot was spent.
 */
export function spendBallot(work: StepWork, event: EngineEvent): boolean {
  const ballots = work.snapshot.ballots;
  if (event.type !== 'BALLOT_CLOSED' || !ballots) return false;
  let spent = false;
  for (const [stateId, key] of Object.entries(ballots)) {
    if (key === event.ballotKey) {
      delete ballots[stateId];
      spent = true;
    }
  }
  return spent;
}
