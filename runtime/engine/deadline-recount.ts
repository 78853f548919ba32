/**
 * Deadlines counted again after a county's calendar changed (issue 16 item 5): a deadline of
 * working days over a year that had no calendar was counted Monday–Friday; once the admin
 * imports or edits that year, the open deadlines that depend on it are counted again from
 * their start on the new calendar. Pure: the store reads the rows and writes what this returns.
 *
 * How a deadline is known to depend on working days, and where it starts (the choice):
 * - a task's due date and reminder: the definition version the instance is pinned to names the
 *   task's `due` / `remindBefore` delays (immutable with the version), and the snapshot's open
 *   task keeps `openedAt`, the step time the due date was counted from;
 * - a delayed transition (`after`): its timer's event is named after the delay
 *   (`xstate.after.<delay>.<state id>`), and since this change the engine writes the step time
 *   that armed it into the event (`armedAt`, timers.ts). A timer armed before carries no start
 *   and is left as it was (counted in `unknownStart`).
 * Only `{workingDays}` delays are counted again: durations (P30D) and dates (`{at}`) do not
 * depend on the calendar. Deadlines already in a context (`setDeadline`) are data the people
 * were told and stay as they are.
 */
import { delayBefore, delayEnd, localDate } from './calendar.ts';
import type { DelaySpec, EngineEvent, HolidayCalendar, InstanceSnapshot, ProcessPackage, StateJson, TaskSpec } from './types.ts';

export interface PendingTimer {
  key: string;
  fireAt: string;
  event: EngineEvent;
}

export interface MovedDeadline {
  /** A task's key (its due date moved; its due and reminder timers follow) or an `after` timer's key. */
  key: string;
  kind: 'task' | 'timer';
  from: string;
  to: string;
}

export interface DeadlineRecount {
  moved: MovedDeadline[];
  /** Timer key → new fire time (a task's due and reminder timers, `after` timers). */
  timers: Record<string, string>;
  /** `after` timers over a working-day delay armed before `armedAt` was recorded: not moved. */
  unknownStart: number;
}

const isWorkingDays = (spec: DelaySpec | undefined): spec is { workingDays: number } => typeof spec === 'object' && spec !== null && 'workingDays' in spec;

/** Whether a deadline from `start` to `end` is counted across one of `years` (local dates). */
function crosses(years: readonly number[], start: string, end: string): boolean {
  const from = localDate(new Date(start));
  const to = localDate(new Date(Date.parse(end) - 1));
  return years.some((y) => from <= `${y}-12-31` && to >= `${y}-01-01`);
}

function taskSpecAt(machine: StateJson, stateId: string): TaskSpec | undefined {
  let state: StateJson | undefined = machine;
  for (const part of stateId.split('.').slice(1)) state = state?.states && Object.hasOwn(state.states, part) ? state.states[part] : undefined;
  return state?.meta?.task;
}

/**
 * The open deadlines of one instance whose working days cross one of `years`, counted again on
 * `calendar`; `timers` are the instance's pending timer rows. Deadlines that come out the same
 * are not listed.
 */
export function recountDeadlines(pkg: ProcessPackage, snapshot: InstanceSnapshot, timers: readonly PendingTimer[], calendar: HolidayCalendar, years: readonly number[]): DeadlineRecount {
  const out: DeadlineRecount = { moved: [], timers: {}, unknownStart: 0 };
  const pending = new Map(timers.map((t) => [t.key, t]));
  const delay = (name: string | undefined) => (name !== undefined && Object.hasOwn(pkg.delays, name) ? pkg.delays[name] : undefined);
  const never = () => undefined;

  for (const task of snapshot.tasks) {
    const spec = taskSpecAt(pkg.machine, task.stateId);
    const due = delay(spec?.due);
    const remind = delay(spec?.remindBefore);
    // A due date already passed (its timer fired, the task is flagged overdue) stays as it was.
    if (!task.dueAt || !due || !pending.has(`task:${task.key}:due`) || !(isWorkingDays(due) || isWorkingDays(remind))) continue;
    // The due date now: its timer's (moved with the task row by an earlier recount; the snapshot keeps the first one).
    const current = new Date((pending.get(`task:${task.key}:due`) as PendingTimer).fireAt).toISOString();
    if (!crosses(years, task.openedAt, current)) continue;
    const end = delayEnd(due, new Date(task.openedAt), calendar, never);
    if (!end) continue;
    if (end.toISOString() !== current) {
      out.moved.push({ key: task.key, kind: 'task', from: current, to: end.toISOString() });
      out.timers[`task:${task.key}:due`] = end.toISOString();
    }
    const reminder = pending.get(`task:${task.key}:remind`);
    const at = remind ? delayBefore(remind, end, calendar) : null;
    if (reminder && at && at.toISOString() !== reminder.fireAt) out.timers[reminder.key] = at.toISOString();
  }

  for (const t of timers) {
    if (!t.event.type.startsWith('xstate.after.')) continue;
    const spec = delay(t.event.type.split('.')[2]);
    if (!isWorkingDays(spec)) continue;
    const armedAt = typeof t.event.armedAt === 'string' ? t.event.armedAt : null;
    if (armedAt === null) {
      out.unknownStart++;
      continue;
    }
    if (!crosses(years, armedAt, t.fireAt)) continue;
    const end = delayEnd(spec, new Date(armedAt), calendar, never);
    if (!end || end.toISOString() === new Date(t.fireAt).toISOString()) continue;
    out.moved.push({ key: t.key, kind: 'timer', from: new Date(t.fireAt).toISOString(), to: end.toISOString() });
    out.timers[t.key] = end.toISOString();
  }
  return out;
}
