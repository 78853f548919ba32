/** What one step is computing: the definition, the time, the snapshot being changed and the effects so far. */
import type { CompiledDefinition } from './compile.ts';
import type { Clock, Effect, HolidayCalendar, InstanceSnapshot } from './types.ts';

export interface StepEnv {
  clock: Clock;
  calendar: HolidayCalendar;
}

export interface StepWork {
  readonly def: CompiledDefinition;
  readonly env: StepEnv;
  /** The step's time, read once from the clock. */
  readonly at: Date;
  /** A private copy, changed in place while the step runs. */
  snapshot: InstanceSnapshot;
  effects: Effect[];
}

/** The next key for a task, child, ballot or timer of this instance: deterministic, from the snapshot's counter. */
export function nextKey(work: StepWork, prefix: string): string {
  return `${prefix}-${++work.snapshot.counter}`;
}
