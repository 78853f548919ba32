/**
 * XState's returned actions as the store's effects: delayed events become timers (timers.ts),
 * `notify`, `allocateSerial` and `gradeDeputies` become effects, `spawnChildren` adds children (children.ts), and the engine's entry markers say which
 * states were (re-)entered. Assign actions already ran inside the transition.
 */
import { dateWords, deadlineDay, delayEnd, localDate } from './calendar.ts';
import { addChildren } from './children.ts';
import { evaluateLogic, truthy } from './logic.ts';
import { DATE_PLACEHOLDER, DEADLINE_PLACEHOLDER, readPath, renderTemplate, type Scope } from './paths.ts';
import type { StepWork } from './step-work.ts';
import { armTimer, disarmTimer } from './timers.ts';
import { ENTERED_ACTION } from './xstate-adapter.ts';
import type { EngineEvent } from './types.ts';

interface ReturnedAction {
  type: string;
  params?: Record<string, unknown>;
  info?: { context?: Record<string, unknown>; event?: Record<string, unknown> };
}

/** Push the effects of one transition's actions; return the ids of the states it entered (or re-entered) that hold tasks, children or ballots. */
export function collectActionEffects(work: StepWork, actions: unknown[]): Set<string> {
  const entered = new Set<string>();
  for (const raw of actions as ReturnedAction[]) {
    const p = raw.params ?? {};
    const scope: Scope = { context: raw.info?.context ?? {}, event: raw.info?.event ?? {}, now: work.at.toISOString() };
    if (raw.type === ENTERED_ACTION) {
      entered.add(String(p.state));
    } else if (raw.type === 'xstate.raise' && typeof p.delay === 'number') {
      // A negative delay is a deadline read from an empty `{at}` path: no timer.
      if (p.delay >= 0) armTimer(work, String(p.id), new Date(work.at.getTime() + p.delay).toISOString(), p.event as EngineEvent);
    } else if (raw.type === 'xstate.cancel') {
      disarmTimer(work, String(p.sendId));
    } else if (raw.type === 'notify') {
      const read = (path: unknown) => (typeof path === 'string' ? (readPath(scope, path) as string | null) ?? null : null);
      const message = renderNotice(work, String(p.message ?? ''), scope, 'zh');
      const message_en = p.message_en === undefined ? undefined : renderNotice(work, String(p.message_en), scope, 'en');
      // `assignees`: a context path to a list of user ids (the deputies on duty): one notice each.
      if (typeof p.assignees === 'string') {
        const ids = readPath(scope, p.assignees);
        for (const userId of Array.isArray(ids) ? ids : []) {
          if (typeof userId === 'string') work.effects.push({ type: 'notify', to: { userId }, message, message_en });
        }
        continue;
      }
      // `units`: a context path to a list of unit ids (a suggestion's answering units): one notice each.
      if (typeof p.units === 'string') {
        const ids = readPath(scope, p.units);
        for (const unitId of Array.isArray(ids) ? ids : []) {
          if (typeof unitId === 'string') work.effects.push({ type: 'notify', to: { role: 'unit', unitId }, message, message_en });
        }
        continue;
      }
      work.effects.push({
        type: 'notify',
        to: { role: typeof p.role === 'string' ? p.role : undefined, userId: read(p.assignee), unitId: read(p.unit) },
        message,
        message_en,
      });
    } else if (raw.type === 'gradeDeputies') {
      // Read by the store (the year's confirmed points are rows, not context): it writes the graded list at `to`.
      const read = (v: unknown) => (typeof v === 'string' && /^(context|event)\./.test(v) ? readPath(scope, v) : v);
      work.effects.push({ type: 'gradeDeputies', year: read(p.year) ?? null, mode: read(p.mode) ?? null, bands: read(p.bands) ?? null, to: String(p.to) });
    } else if (raw.type === 'takeCarriedSeats') {
      // Read by the store (another instance's context): what it finds is written at `to`.
      work.effects.push({ type: 'takeCarriedSeats', key: String(p.key ?? 'carriedSeats'), from: String(p.from), to: String(p.to), seats: String(p.seats) });
    } else if (raw.type === 'spawnChildren') {
      addChildren(work, p, scope);
    } else if (raw.type === 'startLinked' || raw.type === 'sendLinked') {
      linkedEffect(work, raw.type, p, scope);
    } else if (raw.type === 'sendEach') {
      sendEachEffect(work, p, scope);
    } else if (raw.type === 'holdEach') {
      work.effects.push({ type: 'holdEach', scope: String(p.scope ?? p.process), process: String(p.process), ids: listedRows(scope, p.ids).map((r) => r.id) });
    } else if (raw.type === 'allocateSerial') {
      // `{year}`: the county's (Beijing) year of this step, e.g. for a letter number per unit and year.
      const year = localDate(work.at).slice(0, 4);
      const withYear = (text: string) => text.replaceAll('{year}', year);
      work.effects.push({
        type: 'allocateSerial',
        scope: renderTemplate(withYear(String(p.scope ?? '')), scope),
        width: Number(p.width ?? 4),
        to: String(p.to),
        ...(typeof p.recordIn === 'string' ? { recordIn: p.recordIn } : {}),
        // `{n}` and `{unit}` are left for the store, which knows the number and the unit's short name.
        ...(typeof p.format === 'string'
          ? {
              format: withYear(p.format).replace(/\{((?:context|event|item)(?:\.[A-Za-z0-9_]+)*)\}/g, (_, path: string) => String(readPath(scope, path) ?? '')),
              unitId: typeof p.unit === 'string' ? ((readPath(scope, p.unit) as string | null | undefined) ?? null) : null,
            }
          : {}),
      });
    }
  }
  return entered;
}

/**
 * A message's text: `{deadline:feedbackWindow}` becomes the last day of the county's window in
 * words ("2026年10月16日" / "16 October 2026"; an overlay's 20 working days give that date, never a
 * fixed "10日内"), `{date:context.dueAt}` gives the day of a stored date or deadline, then
 * `{context.…}` paths are filled in. A delay that ends nowhere (an empty
 * `{at}` path) leaves the placeholder empty; check.ts refuses names that are not delays.
 */
function renderNotice(work: StepWork, template: string, scope: Scope, lang: 'zh' | 'en'): string {
  const withDates = template.replace(DEADLINE_PLACEHOLDER, (_, name: string) => {
    const spec = Object.hasOwn(work.def.pkg.delays, name) ? work.def.pkg.delays[name] : undefined;
    const end = spec === undefined ? null : delayEnd(spec, work.at, work.env.calendar, (path) => readPath(scope, path));
    return end === null ? '' : dateWords(deadlineDay(end))[lang];
  }).replace(DATE_PLACEHOLDER, (_, path: string) => {
    const day = dayOf(readPath(scope, path));
    return day === null ? '' : dateWords(day)[lang];
  });
  return renderTemplate(withDates, scope);
}

/** A date (YYYY-MM-DD) as it is; an instant as the local day it closes (a deadline at local midnight ends the day before). */
function dayOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : deadlineDay(new Date(t));
}

/**
 * A value of a linked instance's data: a `context.…` / `event.…` / `item.…` (sendEach's row) path is read, `{template}` is
 * rendered ("关于{context.subject}的建议"), anything else is a literal.
 */
function linkedValue(scope: Scope, value: unknown): unknown {
  if (typeof value === 'string' && /^(context|event|item)\./.test(value)) return readPath(scope, value) ?? null;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { template?: unknown }).template === 'string') {
    return renderTemplate((value as { template: string }).template, scope);
  }
  return value ?? null;
}

/**
 * `sendEach`: `ids` is a path to one instance id, a list of ids or a list of rows each with an
 * `instanceId`; each target's `data` is evaluated with that row as `item`.
 */
function sendEachEffect(work: StepWork, p: Record<string, unknown>, scope: Scope): void {
  const raw = p.data;
  const fields = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const targets = listedRows(scope, p.ids).map(({ id, row }) => {
    const itemScope: Scope = { ...scope, item: row };
    const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, linkedValue(itemScope, v)]).filter(([, v]) => v !== null && v !== undefined));
    return { id, data };
  });
  work.effects.push({ type: 'sendEach', key: String(p.key ?? p.process), process: String(p.process), event: String(p.event), targets });
}

/**
 * The instances a `sendEach` / `holdEach` names at the path `ids`: one instance id, a list of
 * ids or a list of rows each with an `instanceId`, once each. Values that are no instance id
 * (not a non-empty string without control characters, at most 200 characters) are left out
 * here; the store refuses an id that names no running instance of the process.
 */
function listedRows(scope: Scope, ids: unknown): { id: string; row: unknown }[] {
  const listed = readPath(scope, String(ids ?? ''));
  const rows = Array.isArray(listed) ? listed : listed === undefined || listed === null ? [] : [listed];
  const out: { id: string; row: unknown }[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const id = typeof row === 'string' ? row : row !== null && typeof row === 'object' && Object.hasOwn(row, 'instanceId') ? (row as { instanceId: unknown }).instanceId : undefined;
    if (typeof id !== 'string' || !INSTANCE_ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, row });
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const INSTANCE_ID = /^[^\u0000-\u001f\u007f]{1,200}$/;

/** `startLinked` / `sendLinked` (DOMAIN §8): the other instance's data read now (when the `when` rule holds), the store does the rest in this step's transaction. */
function linkedEffect(work: StepWork, type: 'startLinked' | 'sendLinked', p: Record<string, unknown>, scope: Scope): void {
  // `when`: only if the rule holds (a unit's answer starts its follow-up only with a follow-up category and commitments).
  if (p.when !== undefined && !truthy(evaluateLogic(p.when, scope))) return;
  const raw = p.input ?? p.data;
  const fields = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  // A field with no value is left out, so the other process keeps its own default (an empty list of co-signers).
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, linkedValue(scope, v)]).filter(([, v]) => v !== null && v !== undefined));
  const key = String(p.key ?? p.process);
  if (type === 'startLinked') work.effects.push({ type, key, process: String(p.process), event: String(p.event), input: data });
  else work.effects.push({ type, key, process: String(p.process), state: String(p.state), event: String(p.event), data });
}
