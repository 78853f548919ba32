/**
 * A structured, human-readable diff of two process packages: what the designer shows when a
 * county's version is put next to its parent's, change by change, and what a reviewer reads
 * before publishing. Pure (runs in the browser).
 *
 * Granularity follows how people think about a process, not raw JSON: states, transitions
 * (state + event, + branch index when an event has several guarded branches), delays,
 * settings, forms, fields, labels and tasks. Anything else that differs (roles, entry
 * actions, the context schema, …) is still reported, as `other-changed`, so that no change
 * can slip through unseen. `before`/`after` hold only what changed.
 */
import { pointer as jsonPointer } from '../json-pointer.ts';
import { jsonEqual } from './json-equal.ts';
import { isJsonObject, TRANSITION_KEYS, type JsonObject } from './overlay.ts';
import type { ProcessPackage } from './types.ts';

export type DefinitionChangeKind =
  | 'state-added' | 'state-removed'
  | 'transition-added' | 'transition-removed' | 'transition-changed'
  | 'delay-added' | 'delay-removed' | 'delay-changed'
  | 'setting-changed'
  | 'form-added' | 'form-removed'
  | 'field-added' | 'field-removed' | 'field-changed'
  | 'label-changed' | 'task-changed' | 'other-changed';

export interface DefinitionChange {
  kind: DefinitionChangeKind;
  /** RFC 6901 pointer of the changed place (in `after`; in `before` for removals). */
  pointer: string;
  summary_zh: string;
  summary_en: string;
  before?: unknown;
  after?: unknown;
}

type Add = (kind: DefinitionChangeKind, pointer: string, zh: string, en: string, before?: unknown, after?: unknown) => void;
type Lang = 'zh' | 'en';
/** A thing named in both languages, e.g. `状态“起草答复”（active.main.drafting）`. */
type Name = { zh: string; en: string };

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const union = (...objs: unknown[]): string[] => [...new Set(objs.flatMap((o) => Object.keys(obj(o))))].sort();
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** A space between a Latin id and the Chinese that follows it (`状态 a.b 的名称`). */
const sp = (s: string): string => (/[\w.)\]]$/.test(s) ? `${s} ` : s);
/** English label of a form or field: `x-ui.label_en` (the forms' convention), else `title_en`. */
const labelEn = (o: JsonObject): string | undefined => str(obj(o['x-ui']).label_en) ?? str(o.title_en);
/** `“标题”（id）` / ` "Title" (id)`, or just ` id` when there is no label. */
const named = (label: string | undefined, id: string, lang: Lang): string =>
  label ? (lang === 'zh' ? `“${label}”（${id}）` : ` "${label}" (${id})`) : ` ${id}`;

function show(v: unknown, lang: Lang): string {
  if (v === undefined) return lang === 'zh' ? '（无）' : '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function showDelay(d: unknown, lang: Lang): string {
  const { workingDays: n, at } = obj(d);
  if (typeof n === 'number') return lang === 'zh' ? `${n} 个工作日` : `${n} working day${n === 1 ? '' : 's'}`;
  if (typeof at === 'string') return lang === 'zh' ? `${at} 所指时间` : `the time in ${at}`;
  return show(d, lang);
}

function list(v: unknown, lang: Lang): string {
  return Array.isArray(v) ? v.map((x) => show(x, lang)).join(lang === 'zh' ? '、' : ', ') : show(v, lang);
}

/** `{ACCEPT: null, REQUEST_RETURN: "returnRequest"}` → `ACCEPT、REQUEST_RETURN→returnRequest`. */
function showOutcomes(v: unknown, lang: Lang): string {
  if (!isJsonObject(v)) return show(v, lang);
  return Object.entries(v).map(([e, f]) => (f ? `${e}→${String(f)}` : e)).join(lang === 'zh' ? '、' : ', ');
}

/** Collects the aspects of one changed thing: `before`/`after` get only those, the summary names each. */
function aspects() {
  const acc = { before: {} as JsonObject, after: {} as JsonObject, zh: [] as string[], en: [] as string[] };
  const note = (key: string, b: unknown, a: unknown, zh: string, en: string) => {
    if (b !== undefined) acc.before[key] = b;
    if (a !== undefined) acc.after[key] = a;
    acc.zh.push(zh);
    acc.en.push(en);
  };
  return { acc, note };
}

/** Labels a person reads: `title`, `title_en` and, for forms and fields, `x-ui.label_en`. */
const LABEL_PATHS: ReadonlyArray<[string[], boolean]> = [[['title'], false], [['title_en'], true], [['x-ui', 'label_en'], true]];

/** `what` names the thing by id only: its label is what changes. */
function labels(add: Add, ptr: string, what: Name, b: JsonObject, a: JsonObject): void {
  for (const [path, en] of LABEL_PATHS) {
    const at = (o: JsonObject) => (path.length === 2 ? obj(o[path[0] as string])[path[1] as string] : o[path[0] as string]);
    const [x, y] = [at(b), at(a)];
    if (jsonEqual(x, y)) continue;
    add('label-changed', `${ptr}${jsonPointer(...path)}`,
      `${sp(what.zh)}的${en ? '英文名称' : '名称'}由“${show(x, 'zh')}”改为“${show(y, 'zh')}”`,
      `${en ? 'English title' : 'Title'} of ${what.en} changed from "${show(x, 'en')}" to "${show(y, 'en')}"`, x, y);
  }
}

/** A copy without the label keys, to compare what remains. */
function stripLabels(o: JsonObject): JsonObject {
  const { title: _t, title_en: _e, ...out } = o;
  if (isJsonObject(out['x-ui'])) {
    const { label_en: _l, ...rest } = out['x-ui'];
    if (Object.keys(rest).length > 0) out['x-ui'] = rest;
    else delete out['x-ui'];
  }
  return out;
}

/** Keys nobody else reports: compared whole, as `other-changed`. */
function others(add: Add, ptr: string, b: JsonObject, a: JsonObject, handled: readonly string[]): void {
  for (const key of union(b, a)) {
    if (handled.includes(key) || jsonEqual(b[key], a[key])) continue;
    const p = `${ptr}${jsonPointer(key)}`;
    const [zh, en] = b[key] === undefined ? [`新增 ${p}`, `${p} added`] : a[key] === undefined ? [`删除 ${p}`, `${p} removed`] : [`${p} 已修改`, `${p} changed`];
    add('other-changed', p, zh, en, b[key], a[key]);
  }
}

/**
 * The changes from `before` (e.g. the parent's effective package) to `after` (the county's),
 * sorted by pointer. Things are named by their labels in `before` (what the reader knows).
 */
export function diffPackages(before: ProcessPackage, after: ProcessPackage): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const add: Add = (kind, pointer, summary_zh, summary_en, b, a) => {
    const change: DefinitionChange = { kind, pointer, summary_zh, summary_en };
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    out.push(change);
  };
  const b = before as unknown as JsonObject;
  const a = after as unknown as JsonObject;
  labels(add, '', { zh: '流程', en: 'the process' }, b, a);
  others(add, '', b, a, ['title', 'title_en', 'forms', 'delays', 'settings', 'machine']);
  for (const name of union(b.delays, a.delays)) {
    const [x, y] = [obj(b.delays)[name], obj(a.delays)[name]];
    const p = jsonPointer('delays', name);
    const [zx, zy, ex, ey] = [showDelay(x, 'zh'), showDelay(y, 'zh'), showDelay(x, 'en'), showDelay(y, 'en')];
    if (x === undefined) add('delay-added', p, `新增期限 ${name}：${zy}`, `Delay ${name} added: ${ey}`, x, y);
    else if (y === undefined) add('delay-removed', p, `删除期限 ${name}（原为 ${zx}）`, `Delay ${name} removed (was ${ex})`, x, y);
    else if (!jsonEqual(x, y)) add('delay-changed', p, `期限 ${name} 由 ${zx} 改为 ${zy}`, `Delay ${name} changed from ${ex} to ${ey}`, x, y);
  }
  for (const key of union(b.settings, a.settings)) {
    const [x, y] = [obj(b.settings)[key], obj(a.settings)[key]];
    if (!jsonEqual(x, y)) add('setting-changed', jsonPointer('settings', key), `设置 ${key} 由 ${show(x, 'zh')} 改为 ${show(y, 'zh')}`, `Setting ${key} changed from ${show(x, 'en')} to ${show(y, 'en')}`, x, y);
  }
  for (const name of union(b.forms, a.forms)) diffForm(add, name, obj(b.forms)[name], obj(a.forms)[name]);
  diffStates(add, obj(b.machine), obj(a.machine));
  return out.sort(byPointer);
}

function diffForm(add: Add, name: string, fb: unknown, fa: unknown): void {
  const p = jsonPointer('forms', name);
  const f = obj(fb ?? fa);
  const form: Name = { zh: `表单${named(str(f.title), name, 'zh')}`, en: `form${named(labelEn(f), name, 'en')}` };
  if (fb === undefined) return add('form-added', p, `新增${form.zh}`, `${cap(form.en)} added`, undefined, fa);
  if (fa === undefined) return add('form-removed', p, `删除${form.zh}`, `${cap(form.en)} removed`, fb, undefined);
  const [b, a] = [obj(fb), obj(fa)];
  labels(add, p, { zh: `表单 ${name}`, en: `form ${name}` }, b, a);
  others(add, p, stripLabels(b), stripLabels(a), ['properties', 'required']);
  const req = (s: JsonObject, k: string) => Array.isArray(s.required) && s.required.includes(k);
  for (const key of union(b.properties, a.properties)) {
    const [xb, xa] = [obj(b.properties)[key], obj(a.properties)[key]];
    const fp = `${p}${jsonPointer('properties', key)}`;
    const d = obj(xb ?? xa);
    const field: Name = { zh: `字段${named(str(d.title), key, 'zh')}`, en: `field${named(labelEn(d), key, 'en')}` };
    const n: Name = { zh: `${sp(form.zh)}的${field.zh}`, en: `${field.en} of ${form.en}` };
    const r = req(a, key) ? { zh: '（必填）', en: ' (required)' } : { zh: '', en: '' };
    if (xb === undefined) add('field-added', fp, `${sp(form.zh)}新增${field.zh}${r.zh}`, `${cap(n.en)} added${r.en}`, undefined, xa);
    else if (xa === undefined) add('field-removed', fp, `${sp(form.zh)}删除${field.zh}`, `${cap(n.en)} removed`, xb, undefined);
    else diffField(add, fp, n, { zh: `表单 ${name} 的字段 ${key}`, en: `field ${key} of form ${name}` }, [obj(xb), obj(xa)], [req(b, key), req(a, key)]);
  }
}

/** Option values of an enum field: `oneOf` of `{const}` items, or `enum`. */
function options(f: JsonObject): unknown[] | undefined {
  if (Array.isArray(f.oneOf) && f.oneOf.every((o) => isJsonObject(o) && 'const' in o)) return f.oneOf.map((o) => obj(o).const);
  return Array.isArray(f.enum) ? f.enum : undefined;
}

function diffField(add: Add, p: string, n: Name, bare: Name, [b, a]: [JsonObject, JsonObject], [reqB, reqA]: [boolean, boolean]): void {
  labels(add, p, bare, b, a);
  const [ob, oa] = [options(b), options(a)];
  const sameOptions = jsonEqual(ob, oa);
  // Same values, relabelled options: label changes pointed at the option.
  if (oa && sameOptions && Array.isArray(a.oneOf) && Array.isArray(b.oneOf)) {
    const bo = b.oneOf;
    a.oneOf.forEach((o, i) => labels(add, `${p}/oneOf/${i}`, { zh: `${bare.zh} 的选项 ${show(oa[i], 'zh')}`, en: `option ${show(oa[i], 'en')} of ${bare.en}` }, obj(bo[i]), obj(o)));
  }
  const { acc, note } = aspects();
  if (!jsonEqual(b.type, a.type)) note('type', b.type, a.type, `类型由 ${list(b.type, 'zh')} 改为 ${list(a.type, 'zh')}`, `type from ${list(b.type, 'en')} to ${list(a.type, 'en')}`);
  if (reqB !== reqA) note('required', reqB, reqA, reqA ? '改为必填' : '改为选填', reqA ? 'now required' : 'now optional');
  if (!sameOptions) note('options', ob, oa, `选项由 ${list(ob, 'zh')} 改为 ${list(oa, 'zh')}`, `options from ${list(ob, 'en')} to ${list(oa, 'en')}`);
  // Every other keyword (pattern, minLength, items, widget…); option labels are set aside
  // above, and a changed option list is reported as options, not as raw oneOf/enum.
  const rest = (f: JsonObject, o: unknown[] | undefined): JsonObject => {
    const { type: _t, ...r } = stripLabels(f);
    if (!sameOptions) return { ...r, oneOf: undefined, enum: undefined };
    return o && Array.isArray(f.oneOf) ? { ...r, oneOf: f.oneOf.map((i) => stripLabels(obj(i))) } : r;
  };
  const [rb, ra] = [rest(b, ob), rest(a, oa)];
  for (const key of union(rb, ra)) {
    if (!jsonEqual(rb[key], ra[key])) note(key, b[key], a[key], `${key} 已修改`, `${key} changed`);
  }
  if (acc.zh.length > 0) add('field-changed', p, `${n.zh}：${acc.zh.join('；')}`, `${cap(n.en)}: ${acc.en.join('; ')}`, acc.before, acc.after);
}

type StateEntry = { id: string; json: JsonObject };

function flatten(machine: JsonObject): Map<string, StateEntry> {
  const map = new Map<string, StateEntry>();
  const visit = (json: JsonObject, ptr: string, id: string) => {
    map.set(ptr, { id, json });
    for (const [k, child] of Object.entries(obj(json.states))) visit(obj(child), `${ptr}${jsonPointer('states', k)}`, id ? `${id}.${k}` : k);
  };
  visit(machine, '/machine', '');
  return map;
}

function stateName({ id, json }: StateEntry): Name {
  const meta = obj(json.meta);
  const shown = id || '(root)';
  return { zh: `状态${named(str(meta.title), shown, 'zh')}`, en: `state${named(str(meta.title_en), shown, 'en')}` };
}

function diffStates(add: Add, mb: JsonObject, ma: JsonObject): void {
  const [sb, sa] = [flatten(mb), flatten(ma)];
  // A state added or removed with its parent is part of that one change (its `before`/`after` holds it).
  const within = (p: string, other: Map<string, StateEntry>, own: Map<string, StateEntry>) =>
    [...own.keys()].some((q) => q !== p && !other.has(q) && p.startsWith(`${q}/states/`));
  for (const [p, s] of sa) if (!sb.has(p) && !within(p, sb, sa)) add('state-added', p, `新增${stateName(s).zh}`, `${cap(stateName(s).en)} added`, undefined, s.json);
  for (const [p, s] of sb) if (!sa.has(p) && !within(p, sa, sb)) add('state-removed', p, `删除${stateName(s).zh}`, `${cap(stateName(s).en)} removed`, s.json, undefined);
  for (const [p, before] of sb) {
    const after = sa.get(p);
    if (!after) continue;
    const n = stateName(before);
    const bare: Name = { zh: `状态 ${before.id || '(root)'}`, en: `state ${before.id || '(root)'}` };
    const [b, a] = [before.json, after.json];
    labels(add, `${p}/meta`, bare, obj(b.meta), obj(a.meta));
    others(add, `${p}/meta`, obj(b.meta), obj(a.meta), ['title', 'title_en', 'task']);
    others(add, p, b, a, ['states', 'meta', ...TRANSITION_KEYS]);
    diffTask(add, `${p}/meta/task`, n, bare, obj(b.meta).task, obj(a.meta).task);
    for (const key of TRANSITION_KEYS) {
      if (key === 'on' || key === 'after') {
        for (const e of union(b[key], a[key])) {
          const ev: Name = key === 'on' ? { zh: `事件 ${e} `, en: `event ${e}` } : { zh: `期限 ${e} 届满`, en: `delay ${e}` };
          diffTransitions(add, `${p}${jsonPointer(key, e)}`, n, ev, obj(b[key])[e], obj(a[key])[e]);
        }
      } else {
        diffTransitions(add, `${p}/${key}`, n, key === 'always' ? { zh: '自动转移（always）', en: 'always' } : { zh: '子状态完成（onDone）', en: 'onDone' }, b[key], a[key]);
      }
    }
  }
}

const TASK_ZH: Record<string, string> = { role: '角色', assignee: '办理人', unit: '办理单位', outcomes: '办理结果', due: '期限', remindBefore: '提醒', forEach: '逐项', complete: '完成规则' };

function diffTask(add: Add, p: string, s: Name, bare: Name, tb: unknown, ta: unknown): void {
  if (tb === undefined && ta === undefined) return;
  if (tb === undefined || ta === undefined) {
    const t = obj(ta ?? tb);
    const task: Name = { zh: `任务“${show(t.title, 'zh')}”`, en: `task "${show(t.title_en ?? t.title, 'en')}"` };
    if (tb === undefined) add('task-changed', p, `${sp(s.zh)}新增${task.zh}`, `${cap(task.en)} added to ${s.en}`, undefined, ta);
    else add('task-changed', p, `${sp(s.zh)}删除${task.zh}`, `${cap(task.en)} removed from ${s.en}`, tb, undefined);
    return;
  }
  const [b, a] = [obj(tb), obj(ta)];
  labels(add, p, { zh: `${bare.zh} 的任务`, en: `the task of ${bare.en}` }, b, a);
  for (const key of union(b, a)) {
    if (key === 'title' || key === 'title_en' || jsonEqual(b[key], a[key])) continue;
    const fmt = key === 'outcomes' ? showOutcomes : show;
    add('task-changed', `${p}${jsonPointer(key)}`, `${sp(s.zh)}任务的${(Object.hasOwn(TASK_ZH, key) ? TASK_ZH[key] : undefined) ?? `${key} `}由 ${fmt(b[key], 'zh')} 改为 ${fmt(a[key], 'zh')}`, `${cap(s.en)}: task ${key} changed from ${fmt(b[key], 'en')} to ${fmt(a[key], 'en')}`, b[key], a[key]);
  }
}

function branches(v: unknown): JsonObject[] {
  const items = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return items.map((t) => (typeof t === 'string' ? { target: t } : obj(t)));
}

const TRANSITION_ZH: Record<string, string> = { guard: '条件', actions: '动作', description: '说明' };
/** Summaries name what matters most first: where it goes, then when, then what it does. */
const rank = (key: string): number => ['target', 'guard', 'actions'].indexOf(key) >>> 0;

/** One event's transitions, compared branch by branch (guarded branches are ordered). */
function diffTransitions(add: Add, p: string, s: Name, ev: Name, vb: unknown, va: unknown): void {
  const [lb, la] = [branches(vb), branches(va)];
  const target = (t: JsonObject, lang: Lang) => (t.target === undefined ? (lang === 'zh' ? '不离开本状态' : 'none (stays)') : list(t.target, lang));
  for (let i = 0; i < Math.max(lb.length, la.length); i++) {
    const [x, y] = [lb[i], la[i]];
    const ptrOf = (v: unknown) => (Array.isArray(v) ? `${p}/${i}` : p);
    const br: Name = Array.isArray(va ?? vb) ? { zh: `（第 ${i + 1} 个分支）`, en: ` (branch ${i + 1})` } : { zh: '', en: '' };
    if (!x && y) add('transition-added', ptrOf(va), `${sp(s.zh)}新增${ev.zh}的转移${br.zh}，目标 ${target(y, 'zh')}`, `Transition on ${ev.en}${br.en} added to ${s.en}, target ${target(y, 'en')}`, undefined, y);
    else if (x && !y) add('transition-removed', ptrOf(vb), `${sp(s.zh)}删除${ev.zh}的转移${br.zh}`, `Transition on ${ev.en}${br.en} removed from ${s.en}`, x, undefined);
    else if (x && y && !jsonEqual(x, y)) {
      const { acc, note } = aspects();
      for (const key of union(x, y).sort((k, l) => rank(k) - rank(l))) {
        if (jsonEqual(x[key], y[key])) continue;
        if (key === 'target') note(key, x[key], y[key], `目标由 ${target(x, 'zh')} 改为 ${target(y, 'zh')}`, `target from ${target(x, 'en')} to ${target(y, 'en')}`);
        else note(key, x[key], y[key], `${(Object.hasOwn(TRANSITION_ZH, key) ? TRANSITION_ZH[key] : undefined) ?? `${key} `}已修改`, `${key} changed`);
      }
      add('transition-changed', ptrOf(va), `${sp(s.zh)}${ev.zh}的转移${br.zh}：${acc.zh.join('；')}`, `Transition on ${ev.en}${br.en} of ${s.en}: ${acc.en.join('; ')}`, acc.before, acc.after);
    }
  }
}

/** By pointer, segment by segment, numeric segments as numbers (`/on/E/2` before `/on/E/10`). */
function byPointer(x: DefinitionChange, y: DefinitionChange): number {
  const [a, b] = [x.pointer.split('/'), y.pointer.split('/')];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [s, t] = [a[i] as string, b[i] as string];
    if (s === t) continue;
    const numeric = /^\d+$/.test(s) && /^\d+$/.test(t);
    return numeric ? Number(s) - Number(t) : s < t ? -1 : 1;
  }
  return a.length - b.length || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0);
}
