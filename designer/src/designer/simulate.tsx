/**
 * Simulation in the browser with the engine core (compileDefinition, start, step) on a fake
 * clock: jump a day, a week or a month and every timer the engine scheduled (scheduleTimer
 * effects with fireAt and the event to send) fires in order, so deadlines, reminders and
 * `after` transitions happen; open tasks can be completed with their outcome's form.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import {
  compileDefinition,
  NATIONAL_CALENDAR,
  start,
  step,
  stateString,
  type CompiledDefinition,
  type Effect,
  type EngineEvent,
  type InstanceSnapshot,
  type OpenTask,
  type StepResult,
} from '../../../runtime/engine/index.ts';
import { label, lang, roleName, t } from '../i18n.ts';
import { StateDiagram } from './diagram.tsx';
import { clone, isObj, jsonEqual, walkStates, type JsonObject, type ProcessPackage } from './model.ts';
import { cleanData, FormPreview, validateForm } from './preview.tsx';
import { eventWords, valueTitles } from './titles.ts';

interface LogEntry {
  at: string;
  effect: Effect | { type: 'event'; event: string; from: string; to: string; changed: boolean } | { type: 'error'; message: string };
}

const fmt = (iso: string) => new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit' });

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

export function Simulator(props: { pkg: ProcessPackage }): JSX.Element {
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
  const [formData, setFormData] = createSignal<JsonObject>({});
  const [asJson, setAsJson] = createSignal(false);
  const [jsonText, setJsonText] = createSignal('{}');
  const [eventType, setEventType] = createSignal('');
  const [eventData, setEventData] = createSignal('{}');

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

  const begin = () =>
    run(() => {
      const pkg = clone(props.pkg);
      const compiled = compileDefinition(pkg, 'simulation');
      if (!compiled.ok) throw new Error(`${t('dgSimInvalid')}: ${compiled.errors.map((e) => `${e.code} ${e.pointer}`).join('; ')}`);
      const input = JSON.parse(inputText() || '{}') as JsonObject;
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

  const complete = (task: OpenTask, outcome: string) =>
    run(() => {
      const d = def();
      const s = snap();
      if (!d || !s) return;
      const formName = task.outcomes[outcome];
      let data: JsonObject | undefined;
      if (formName) {
        const schema = d.pkg.forms[formName];
        data = asJson() ? (JSON.parse(jsonText()) as JsonObject) : cleanData(schema ?? {}, formData());
        const errs = schema ? validateForm(schema, data) : [];
        if (errs.length > 0) throw new Error(`${t('formErrors')}: ${errs.map((e) => `${e.pointer} ${zh() ? e.message : (e.message_en ?? e.message)}`).join('; ')}`);
      }
      const at = now();
      const event: EngineEvent = { type: outcome, taskKey: task.key, ...(data ? { data } : {}), actor: { id: 'sim-user', roles: [task.role], unitId: task.unitId } };
      apply(step(d, s, event, env(at)), at, outcome);
      setChosen(null);
      setFormData({});
      setJsonText('{}');
    });

  const sendRaw = () =>
    run(() => {
      const d = def();
      const s = snap();
      if (!d || !s || !eventType().trim()) return;
      const at = now();
      apply(step(d, s, { type: eventType().trim(), data: JSON.parse(eventData() || '{}') as JsonObject }, env(at)), at, eventType().trim());
    });

  const effectText = (e: LogEntry['effect']): string => {
    const z = zh();
    switch (e.type) {
      case 'event': {
        // Titles of the event and the states; the event name stays beside a title so a designer
        // can find the transition it took.
        const words = e.event === 'start' ? (z ? '开始' : 'start') : ev(e.event);
        const name = words === e.event || e.event === 'start' ? words : `${words}（${e.event}）`;
        return e.changed ? `${z ? '事件' : 'Event'} ${name}：${e.from ? stateWords(e.from) : '∅'} → ${stateWords(e.to)}` : `${z ? '事件' : 'Event'} ${name}：${z ? '未被接受' : 'ignored'}`;
      }
      case 'openTask': return `${z ? '打开任务' : 'Task opened'}：${z ? e.task.title : (e.task.title_en ?? e.task.title)}（${roleName(e.task.role)}${e.task.dueAt ? `，${z ? '期限' : 'due'} ${fmt(e.task.dueAt)}` : ''}）`;
      case 'closeTask': {
        const tt = taskTitles.get(e.key);
        const name = tt ? (z ? tt.title : (tt.title_en ?? tt.title)) : e.key;
        const outcome = e.outcome ? `${e.outcome}${ev(e.outcome) !== e.outcome ? ` · ${ev(e.outcome)}` : ''}` : '';
        return `${z ? '关闭任务' : 'Task closed'}：${name}（${e.reason === 'completed' ? (z ? `完成：${outcome}` : `completed: ${outcome}`) : z ? '取消' : 'cancelled'}）`;
      }
      case 'markTaskOverdue': return `${z ? '任务逾期' : 'Task overdue'} ${e.key}`;
      case 'scheduleTimer': return `${z ? '设定计时器' : 'Timer set'} ${e.key} → ${fmt(e.fireAt)}`;
      case 'cancelTimer': return `${z ? '取消计时器' : 'Timer cancelled'} ${e.key}`;
      case 'notify': return `${z ? '通知' : 'Notify'} ${[e.to.role, e.to.userId, e.to.unitId].filter(Boolean).join(' / ')}：${z ? e.message : (e.message_en ?? e.message)}`;
      case 'startChild': return `${z ? '启动子流程' : 'Child started'} ${e.process}（${e.key}）`;
      case 'cancelChild': return `${z ? '取消子流程' : 'Child cancelled'} ${e.key}`;
      case 'childDone': return `${z ? '流程结束，输出' : 'Done, output'} ${JSON.stringify(e.output).slice(0, 200)}`;
      case 'allocateSerial': return `${z ? '分配编号' : 'Serial number'} ${e.scope} → ${e.to}`;
      case 'createBallot': return `${z ? '创建表决' : 'Ballot created'}：${e.title}`;
      case 'cancelBallot': return `${z ? '取消表决' : 'Ballot cancelled'} ${e.key}`;
      case 'error': return `${z ? '错误' : 'Error'}：${e.message}`;
      default: return JSON.stringify(e);
    }
  };

  const chosenTask = () => snap()?.tasks.find((x) => x.key === chosen()?.task);
  const chosenForm = () => {
    const c = chosen();
    const task = chosenTask();
    if (!c || !task) return null;
    const name = task.outcomes[c.outcome];
    return name ? { name, schema: def()?.pkg.forms[name] ?? {} } : null;
  };

  return (
    <section class="dg-sim" aria-label={t('dgSimulate')}>
      <div class="dg-row">
        <label>
          {t('dgSimStart')}
          <input type="datetime-local" value={startAt()} onInput={(e) => setStartAt(e.currentTarget.value)} />
        </label>
        <label class="dg-grow">
          {props.pkg.start ? t('dgSimStartData') : t('dgSimInput')}
          <textarea class="dg-code" rows="3" value={inputText()} onInput={(e) => setInputText(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={begin}>{snap() ? t('dgSimRestart') : t('dgSimBegin')}</button>
      </div>
      <Show when={stale()}><p class="muted" role="status">{t('dgSimStale')}</p></Show>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={snap()}>
        {(s) => (
          <>
            <div class="dg-clock" role="group" aria-label={t('dgClock')}>
              <strong>{t('dgClock')}：<span data-testid="sim-clock">{fmt(now().toISOString())}</span></strong>
              <button type="button" class="secondary" onClick={() => advanceTo(new Date(now().getTime() + 86_400_000))}>{t('dgPlus1Day')}</button>
              <button type="button" class="secondary" onClick={() => advanceTo(new Date(now().getTime() + 7 * 86_400_000))}>{t('dgPlus7Days')}</button>
              <button type="button" class="secondary" onClick={() => advanceTo(addMonths(now(), 1))}>{t('dgPlus1Month')}</button>
              <button type="button" class="secondary" disabled={timers().length === 0} onClick={nextTimer}>{t('dgNextTimer')}</button>
            </div>
            <p>
              {/* The states' titles first; the path beside them is what the state editor and check errors name. */}
              {t('dgCurrentState')}：<strong data-testid="sim-state-title">{stateWords(s().machine.value)}</strong>{' '}
              <span class="muted">{t('dgStatePath')} <code data-testid="sim-state">{stateString(s().machine.value)}</code></span>
              <Show when={done()}> <span class="dg-pill">{t('dgSimDone')}</span></Show>
            </p>
            <StateDiagram machine={pkgNow().machine} selected={null} onSelect={() => undefined} active={new Set(activePaths(s().machine.value))} title={t('diagram')} eventLabel={(x) => ev(x)} />
            <div class="dg-sim-grid">
              <section aria-label={t('openTasks')}>
                <h3>{t('openTasks')}</h3>
                <Show when={s().tasks.length > 0} fallback={<p class="muted">{t('noTasks')}</p>}>
                  <ul class="cards">
                    <For each={s().tasks}>
                      {(task) => (
                        <li class="card dg-sim-task" data-task={task.key}>
                          <strong>{zh() ? task.title : (task.title_en ?? task.title)}</strong>
                          <span class="muted">{roleName(task.role)}{task.unitId ? ` · ${task.unitId}` : ''}{task.assigneeId ? ` · ${task.assigneeId}` : ''}{task.dueAt ? ` · ${t('due')} ${fmt(task.dueAt)}` : ''}</span>
                          <div class="actions">
                            <For each={Object.keys(task.outcomes)}>
                              {(o) => (
                                <button type="button" class={chosen()?.task === task.key && chosen()?.outcome === o ? '' : 'secondary'} onClick={() => {
                                  if (task.outcomes[o] === null) complete(task, o);
                                  else { setChosen({ task: task.key, outcome: o }); setFormData({}); setJsonText('{}'); }
                                }}>
                                  {/* The outcome's title (审核通过), its event name small beside it for the designer. */}
                                  {ev(o, task.outcomes[o])}{ev(o, task.outcomes[o]) !== o ? <> <code class="dg-evname">{o}</code></> : ''}
                                  {task.outcomes[o] ? ` · ${label(def()?.pkg.forms[task.outcomes[o] as string] as never) || task.outcomes[o]}` : ''}
                                </button>
                              )}
                            </For>
                          </div>
                          <Show when={chosen()?.task === task.key && chosenForm()}>
                            {(f) => (
                              <div class="dg-sim-form">
                                <label class="check"><input type="checkbox" checked={asJson()} onChange={(e) => setAsJson(e.currentTarget.checked)} />{t('dgAsJson')}</label>
                                <Show
                                  when={asJson()}
                                  fallback={<FormPreview schema={f().schema} value={formData()} onChange={setFormData} idPrefix={`sim-${task.key}`} validate />}
                                >
                                  <label>{t('dgFormData')}<textarea class="dg-code" value={jsonText()} onInput={(e) => setJsonText(e.currentTarget.value)} /></label>
                                </Show>
                                <button type="button" onClick={() => complete(task, chosen()?.outcome ?? '')}>{t('submit')} {chosen()?.outcome}{ev(chosen()?.outcome ?? '', f().name) !== chosen()?.outcome ? `（${ev(chosen()?.outcome ?? '', f().name)}）` : ''}</button>
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
                    <For each={timers()}>{(x) => <li>{ev(x.event.type)} {fmt(x.fireAt)} <span class="muted">{x.key}</span></li>}</For>
                  </ul>
                </Show>
                <details>
                  <summary>{t('dgSendEvent')}</summary>
                  <div class="dg-row">
                    <label>{t('dgEvent')}<input value={eventType()} onInput={(e) => setEventType(e.currentTarget.value)} /></label>
                    <label class="dg-grow">{t('dgFormData')}<input class="dg-code" value={eventData()} onInput={(e) => setEventData(e.currentTarget.value)} /></label>
                    <button type="button" class="secondary" onClick={sendRaw}>{t('dgSend')}</button>
                  </div>
                </details>
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
