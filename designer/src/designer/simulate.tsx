/**
 * Simulation in the browser with the engine core (compileDefinition, start, step) on a fake
 * clock: jump a day, a week or a month and every timer the engine scheduled (scheduleTimer
 * effects with fireAt and the event to send) fires in order, so deadlines, reminders and
 * `after` transitions happen. The admin starts with the start form and completes open tasks
 * by picking an outcome by its title and filling the outcome's form, both drawn by the
 * portal's FormRenderer; the log reads as sentences ("起草答复 → 征询代表意见：提交答复").
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import {
  compileDefinition,
  NATIONAL_CALENDAR,
  start,
  step,
  type CompiledDefinition,
  type Effect,
  type EngineEvent,
  type InstanceSnapshot,
  type OpenTask,
  type StepResult,
} from '../../../runtime/engine/index.ts';
import { inParens, label, lang, roleName, t, withColon } from '../i18n.ts';
import { formatDateTime } from '../county-time.ts';
import { StateDiagram } from './diagram.tsx';
import { clone, isObj, jsonEqual, walkStates, type JsonObject, type ProcessPackage } from './model.ts';
import { loadChoices } from '../portal/choices.ts';
import { FormRenderer } from '../portal/form-renderer.tsx';
import { eventWords, valueTitles } from './titles.ts';
import { delayTitle } from './words.ts';

interface LogEntry {
  at: string;
  effect: Effect | { type: 'event'; event: string; from: string; to: string; changed: boolean } | { type: 'error'; message: string };
}

/** Every time in the simulation through the one county-time formatter: "2026-03-02 14:05". */
const fmt = (iso: string) => formatDateTime(iso);

/** Local (Asia/Shanghai) date shift by months, keeping the time of day. */
function addMonths(at: Date, n: number): Date {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(local.getUTCDate(), last);
  return new Date(Date.UTC(y, m, d, local.getUTCHours(), local.getUTCMinutes()) - 8 * 3600_000);
}

/** Leaf and ancestor paths of an XState value (`{active: {main: 'x'}}` → active, active.main, active.main.x). */
function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (!isObj(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...activePaths(v, p)];
  });
}

function defaultInput(pkg: ProcessPackage): string {
  if (pkg.start) return '{}';
  const ctx = (pkg.machine.context ?? {}) as JsonObject;
  const sample: JsonObject = {};
  if ('title' in ctx) sample.title = '模拟：关于改善农村道路的建议';
  if ('unitId' in ctx) sample.unitId = 'unit-1';
  if ('leadDeputyId' in ctx) sample.leadDeputyId = 'deputy-1';
  if ('assistUnitIds' in ctx) sample.assistUnitIds = [];
  return JSON.stringify(sample, null, 1);
}

export function Simulator(props: { pkg: ProcessPackage; processLabel?: (id: string) => string }): JSX.Element {
  const zh = () => lang() === 'zh';
  const [startAt, setStartAt] = createSignal('2026-03-02T09:00');
  const [inputText, setInputText] = createSignal(defaultInput(props.pkg));
  const [def, setDef] = createSignal<CompiledDefinition | null>(null);
  const [simPkg, setSimPkg] = createSignal<ProcessPackage | null>(null);
  const [now, setNow] = createSignal<Date>(new Date(Date.parse(`${startAt()}:00+08:00`)));
  const [snap, setSnap] = createSignal<InstanceSnapshot | null>(null);
  const [done, setDone] = createSignal(false);
  const [timers, setTimers] = createSignal<Array<{ key: string; fireAt: string; event: EngineEvent }>>([]);
  const [log, setLog] = createSignal<LogEntry[]>([]);
  const [error, setError] = createSignal('');
  const [chosen, setChosen] = createSignal<{ task: string; outcome: string } | null>(null);
  const [subject, setSubject] = createSignal('模拟：关于改善农村道路的建议');
  // A child process (no start form) starts from its parent's input: the title and, where its context has them, the units by name.
  const [leadUnit, setLeadUnit] = createSignal('');
  const [assistUnit, setAssistUnit] = createSignal('');
  const ctxKeys = () => Object.keys((props.pkg.machine.context ?? {}) as JsonObject);

  const stale = createMemo(() => simPkg() !== null && !jsonEqual(simPkg(), props.pkg));
  const env = (at: Date) => ({ clock: { now: () => at }, calendar: NATIONAL_CALENDAR });
  const push = (at: Date, effect: LogEntry['effect']) => setLog((l) => [...l, { at: at.toISOString(), effect }]);

  // The log names a closed task by its title, not its key (the close effect carries only the key).
  const taskTitles = new Map<string, { title: string; title_en?: string }>();
  const states = createMemo(() => walkStates((simPkg() ?? props.pkg).machine));
  const pkgNow = () => simPkg() ?? props.pkg;
  /** An event as a person reads it: "暂停办理"; the name beside it only when the package gives no title. */
  const ev = (name: string, form?: string | null) => eventWords(pkgNow(), name, form);
  const stateWords = (value: unknown) => valueTitles(states(), value);

  const apply = (r: StepResult, at: Date, event: string) => {
    for (const e of r.effects) if (e.type === 'openTask') taskTitles.set(e.task.key, { title: e.task.title, title_en: e.task.title_en ?? undefined });
    push(at, { type: 'event', event, from: r.from, to: r.to, changed: r.changed });
    let next = [...timers()];
    for (const e of r.effects) {
      if (e.type === 'scheduleTimer') next = [...next.filter((x) => x.key !== e.key), { key: e.key, fireAt: e.fireAt, event: e.event }];
      else if (e.type === 'cancelTimer') {
        if (!next.some((x) => x.key === e.key)) continue;
        next = next.filter((x) => x.key !== e.key);
      }
      push(at, e);
    }
    setTimers(next.sort((a, b) => a.fireAt.localeCompare(b.fireAt)));
    setSnap(r.snapshot);
    setDone(r.done);
  };

  const run = (fn: () => void) => {
    setError('');
    try {
      fn();
    } catch (err) {
      const msg = (err as Error).message;
      setError(msg);
      push(now(), { type: 'error', message: msg });
    }
  };

  /** Start with the start form's data (a process with a start form), or the child's input with the title typed. */
  const begin = (startData?: JsonObject) =>
    run(() => {
      const pkg = clone(props.pkg);
      const compiled = compileDefinition(pkg, 'simulation');
      if (!compiled.ok) throw new Error(`${t('dgSimInvalid')}: ${compiled.errors.map((e) => `${e.code} ${e.pointer}`).join('; ')}`);
      const input = startData ?? {
        ...(JSON.parse(inputText() || '{}') as JsonObject),
        ...(subject().trim() ? { title: subject().trim() } : {}),
        ...(leadUnit() ? { unitId: leadUnit() } : {}),
        ...(ctxKeys().includes('assistUnitIds') ? { assistUnitIds: assistUnit() ? [assistUnit()] : [] } : {}),
      };
      const at = new Date(Date.parse(`${startAt()}:00+08:00`));
      if (Number.isNaN(at.getTime())) throw new Error(t('dgBadDate'));
      setDef(compiled.definition);
      setSimPkg(pkg);
      setNow(at);
      setTimers([]);
      setLog([]);
      setChosen(null);
      const startEvent = pkg.start?.event ? { type: pkg.start.event, data: input, actor: { id: 'sim-starter', roles: pkg.start.roles } } : undefined;
      // Like the server (instance-service.ts): the start form's data is also the initial
      // context, so task titles such as "审核答复：{context.title}" read as they will for real.
      apply(start(compiled.definition, pkg.start ? { ...input, startedBy: 'sim-starter' } : input, env(at), startEvent), at, startEvent?.type ?? 'start');
    });

  /** Move the clock to `target`, firing every due timer on the way, in order. */
  const advanceTo = (target: Date) =>
    run(() => {
      const d = def();
      if (!d || !snap()) return;
      for (let guard = 0; guard < 500; guard++) {
        const next = timers()[0];
        if (!next || Date.parse(next.fireAt) > target.getTime() || done()) break;
        const at = new Date(next.fireAt);
        setNow(at);
        setTimers(timers().slice(1));
        apply(step(d, snap() as InstanceSnapshot, next.event, env(at)), at, next.event.type);
      }
      setNow(target);
    });

  const nextTimer = () => {
    const next = timers()[0];
    if (next) advanceTo(new Date(next.fireAt));
  };

  /** Complete a task with an outcome; `data` is the outcome form's, already checked by the FormRenderer. */
  const complete = (task: OpenTask, outcome: string, data?: JsonObject) =>
    run(() => {
      const d = def();
      const s = snap();
      if (!d || !s) return;
      const at = now();
      const event: EngineEvent = { type: outcome, taskKey: task.key, ...(data ? { data } : {}), actor: { id: 'sim-user', roles: [task.role], unitId: task.unitId } };
      apply(step(d, s, event, env(at)), at, outcome);
      setChosen(null);
    });

  const taskName = (key: string) => {
    const tt = taskTitles.get(key);
    return tt ? (zh() ? tt.title : (tt.title_en ?? tt.title)) : zh() ? '任务' : 'a task';
  };

  /** One log line in words: "起草答复 → 征询代表意见：提交答复"; no event names, keys or JSON. */
  const effectText = (e: LogEntry['effect']): string => {
    const z = zh();
    const colon = z ? '：' : ': ';
    switch (e.type) {
      case 'event': {
        const words = e.event === 'start' ? (z ? '开始' : 'start') : ev(e.event);
        if (!e.changed) return `${words}${colon}${z ? '流程当前不接受' : 'not accepted now'}`;
        return `${e.from ? stateWords(e.from) : z ? '开始' : 'Start'} → ${stateWords(e.to)}${colon}${words}`;
      }
      case 'openTask': return `${z ? '待办' : 'Task'}${colon}${z ? e.task.title : (e.task.title_en ?? e.task.title)}${inParens(`${roleName(e.task.role)}${e.task.dueAt ? `${z ? '，' : ', '}${z ? '期限' : 'due'} ${fmt(e.task.dueAt)}` : ''}`)}`;
      case 'closeTask': {
        const how = e.reason === 'completed' ? `${t('dgSimCompleted')}${e.outcome ? `${colon}${ev(e.outcome)}` : ''}` : z ? '取消' : 'cancelled';
        return `${z ? '办结' : 'Closed'}${colon}${taskName(e.key)}${inParens(how)}`;
      }
      case 'markTaskOverdue': return `${z ? '任务逾期' : 'Task overdue'}${colon}${taskName(e.key)}`;
      case 'scheduleTimer': return `${z ? '计时' : 'Timer'}${colon}${ev(e.event.type)}${z ? '，于' : ', at'} ${fmt(e.fireAt)}`;
      case 'cancelTimer': return z ? '取消一个计时' : 'A timer was cancelled';
      case 'notify': return `${z ? '通知' : 'Notify'} ${e.to.role ? roleName(e.to.role) : ''}${colon}${z ? e.message : (e.message_en ?? e.message)}`;
      case 'startChild': return `${z ? '启动子流程' : 'Sub-process started'}`;
      case 'cancelChild': return `${z ? '取消子流程' : 'Sub-process cancelled'}`;
      case 'childDone': return z ? '流程结束' : 'Process finished';
      case 'allocateSerial': return `${z ? '分配编号' : 'Serial number allocated'}`;
      case 'gradeDeputies': return z ? '按全年确认积分计算考核得分和等次' : "Scores and grades computed from the year's confirmed points";
      case 'sendEach': return z ? `向所列 ${e.targets.length} 件流程发送：${ev(e.event)}` : `Sent to ${e.targets.length} listed instances: ${ev(e.event)}`;
      case 'holdEach': return z ? `所列 ${e.ids.length} 件流程列入本清单（已在另一张未审定清单中的不能列入）` : `${e.ids.length} listed instances held by this list (none may stand on another open list)`;
      case 'takeCarriedSeats': return z ? '承接上次会议留待的名额（如有）' : 'Seats left by the last session taken over (if any)';
      case 'createBallot': return `${z ? '创建表决' : 'Ballot created'}${colon}${e.title}`;
      case 'cancelBallot': return z ? '取消表决' : 'Ballot cancelled';
      case 'error': return `${z ? '错误' : 'Error'}${colon}${e.message}`;
      default: return '';
    }
  };

  const chosenTask = () => snap()?.tasks.find((x) => x.key === chosen()?.task);
  // One form per chosen task and outcome: the FormRenderer keeps what was typed while the clock moves.
  const chosenForm = createMemo(
    () => {
      const c = chosen();
      const task = chosenTask();
      if (!c || !task) return null;
      const name = task.outcomes[c.outcome];
      return name ? { key: `${task.key}|${c.outcome}`, name, schema: def()?.pkg.forms[name] ?? {} } : null;
    },
    null,
    { equals: (a, b) => a?.key === b?.key },
  );
  const [units] = createResource(() => loadChoices('unit'));
  const unitName = (id: string) => units()?.find((u) => u.id === id)?.name ?? id;

  return (
    <section class="dg-sim" aria-label={t('dgSimulate')}>
      <div class="dg-row">
        <label>
          {t('dgSimStart')}
          <input type="datetime-local" value={startAt()} onInput={(e) => setStartAt(e.currentTarget.value)} />
        </label>
      </div>
      {/* The start form as the person who starts fills it; a child process gets its title and sample units. */}
      <Show
        when={props.pkg.start && props.pkg.forms[props.pkg.start.form]}
        keyed
        fallback={
          <div class="dg-row">
            <label class="dg-grow">
              {t('dgSimSubjectTitle')}
              <input value={subject()} onInput={(e) => setSubject(e.currentTarget.value)} />
            </label>
            <Show when={ctxKeys().includes('unitId')}>
              <label>
                {t('dgSimLeadUnit')}
                <select value={leadUnit()} onChange={(e) => setLeadUnit(e.currentTarget.value)}>
                  <option value="">—</option>
                  <For each={units() ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
                </select>
              </label>
            </Show>
            <Show when={ctxKeys().includes('assistUnitIds')}>
              <label>
                {t('dgSimAssistUnit')}
                <select value={assistUnit()} onChange={(e) => setAssistUnit(e.currentTarget.value)}>
                  <option value="">—</option>
                  <For each={units() ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
                </select>
              </label>
            </Show>
            <button type="button" onClick={() => begin()}>{snap() ? t('dgSimRestart') : t('dgSimBegin')}</button>
            <details class="dg-grow">
              <summary>{t('dgSimAdvanced')}</summary>
              <textarea class="dg-code" rows="3" aria-label={t('dgSimInput')} value={inputText()} onInput={(e) => setInputText(e.currentTarget.value)} />
            </details>
          </div>
        }
      >
        {(schema) => (
          <div class="dg-sim-form">
            <FormRenderer schema={schema} submitLabel={snap() ? t('dgSimRestart') : t('dgSimBegin')} onSubmit={(data) => begin(data)} />
          </div>
        )}
      </Show>
      <Show when={stale()}><p class="muted" role="status">{t('dgSimStale')}</p></Show>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={snap()}>
        {(s) => (
          <>
            <div class="dg-clock" role="group" aria-label={t('dgClock')}>
              <strong>{withColon(t('dgClock'))}<span data-testid="sim-clock">{fmt(now().toISOString())}</span></strong>
              <button type="button" class="secondary" onClick={() => advanceTo(new Date(now().getTime() + 86_400_000))}>{t('dgPlus1Day')}</button>
              <button type="button" class="secondary" onClick={() => advanceTo(new Date(now().getTime() + 7 * 86_400_000))}>{t('dgPlus7Days')}</button>
              <button type="button" class="secondary" onClick={() => advanceTo(addMonths(now(), 1))}>{t('dgPlus1Month')}</button>
              <button type="button" class="secondary" disabled={timers().length === 0} onClick={nextTimer}>{t('dgNextTimer')}</button>
            </div>
            <p>
              {/* The states by their titles, one chain per active leaf; never the state path. */}
              {withColon(t('dgCurrentState'))}<strong data-testid="sim-state-title">{stateWords(s().machine.value)}</strong>
              <Show when={done()}> <span class="dg-pill">{t('dgSimDone')}</span></Show>
            </p>
            <StateDiagram machine={pkgNow().machine} selected={null} onSelect={() => undefined} active={new Set(activePaths(s().machine.value))} title={t('diagram')} eventLabel={(x) => ev(x)} delayLabel={(d) => delayTitle(pkgNow(), d, lang())} processLabel={props.processLabel} />
            <div class="dg-sim-grid">
              <section aria-label={t('openTasks')}>
                <h3>{t('openTasks')}</h3>
                <Show when={s().tasks.length > 0} fallback={<p class="muted">{t('noTasks')}</p>}>
                  <ul class="cards">
                    <For each={s().tasks}>
                      {(task) => (
                        <li class="card dg-sim-task" data-task={task.key}>
                          <strong>{zh() ? task.title : (task.title_en ?? task.title)}</strong>
                          <span class="muted">{roleName(task.role)}{task.unitId ? ` · ${unitName(task.unitId)}` : ''}{task.dueAt ? ` · ${t('due')} ${fmt(task.dueAt)}` : ''}</span>
                          <div class="actions" role="group" aria-label={t('dgSimOutcome')}>
                            <For each={Object.keys(task.outcomes)}>
                              {(o) => (
                                <button type="button" class={chosen()?.task === task.key && chosen()?.outcome === o ? '' : 'secondary'} aria-pressed={chosen()?.task === task.key && chosen()?.outcome === o} onClick={() => {
                                  if (task.outcomes[o] === null) complete(task, o);
                                  else setChosen({ task: task.key, outcome: o });
                                }}>
                                  {/* The outcome's title (审核通过): the admin picks what happens, not an event. */}
                                  {ev(o, task.outcomes[o])}
                                </button>
                              )}
                            </For>
                          </div>
                          <Show when={chosen()?.task === task.key ? chosenForm() : null} keyed>
                            {(f) => (
                              <div class="dg-sim-form">
                                <FormRenderer
                                  schema={f.schema}
                                  submitLabel={`${withColon(t('submit'))}${ev(chosen()?.outcome ?? '', f.name)}`}
                                  onSubmit={(data) => complete(task, chosen()?.outcome ?? '', data as JsonObject)}
                                  onCancel={() => setChosen(null)}
                                />
                              </div>
                            )}
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <h3>{t('dgTimers')}</h3>
                <Show when={timers().length > 0} fallback={<p class="muted">{t('dgNoTimers')}</p>}>
                  <ul class="dg-timers">
                    <For each={timers()}>{(x) => <li>{ev(x.event.type)} {fmt(x.fireAt)}</li>}</For>
                  </ul>
                </Show>
                <details>
                  <summary>{t('dgContext')}</summary>
                  <pre class="dg-code dg-pre">{JSON.stringify(s().machine.context, null, 2)}</pre>
                </details>
              </section>
              <section aria-label={t('dgEffects')}>
                <h3>{t('dgEffects')}</h3>
                <ol class="dg-log" data-testid="sim-log">
                  <For each={log()}>
                    {(entry) => (
                      <li classList={{ [`dg-log-${entry.effect.type}`]: true }}>
                        <span class="muted">{fmt(entry.at)}</span> {effectText(entry.effect)}
                      </li>
                    )}
                  </For>
                </ol>
              </section>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
