/**
 * Delayed events (`after`) as timers that know which entry of their state armed them.
 *
 * XState names a state's delayed event after the delay and the state
 * (`xstate.after.returnWindow.assignment.pendingAcceptance`), the same on every entry, and the
 * store keeps one timer row per name. The engine numbers each arming (`entry`), remembers the
 * current number per name in the snapshot (`timers`) and puts it into the event; a timer of an
 * earlier entry that still fires (left over, or raced with its cancellation or re-arming)
 * no longer matches and is ignored by the engine itself, whatever the store did.
 * Snapshots from before per-entry numbers have no `timers`: their events carry no number and
 * are taken as before.
 */
import type { StepWork } from './step-work.ts';
import type { EngineEvent, InstanceSnapshot } from './types.ts';

/** Arm XState's delayed event `sendId` to fire at `fireAt`, superseding any earlier arming. */
export function armTimer(work: StepWork, sendId: string, fireAt: string, event: EngineEvent): void {
  // A sequence of its own: taking numbers from `counter` would renumber the tasks of running instances.
  const entry = (work.snapshot.timerSeq = (work.snapshot.timerSeq ?? 0) + 1);
  (work.snapshot.timers ??= {})[sendId] = entry;
  // `armedAt`: where the delay was counted from, so a working-day deadline can be counted again on a new calendar (deadline-recount.ts).
  work.effects.push({ type: 'scheduleTimer', key: sendId, fireAt, event: { ...event, timerEntry: entry, armedAt: work.at.toISOString() } });
}

/** Cancel XState's delayed event `sendId` (its state was left). */
export function disarmTimer(work: StepWork, sendId: string): void {
  if (work.snapshot.timers) delete work.snapshot.timers[sendId];
  work.effects.push({ type: 'cancelTimer', key: sendId });
}

/** A delayed event armed by an earlier entry of its state (or since cancelled): the engine ignores it. */
export function isStaleTimer(snapshot: InstanceSnapshot, event: EngineEvent): boolean {
  if (typeof event.timerEntry !== 'number') return false;
  return snapshot.timers?.[event.type] !== event.timerEntry;
}
