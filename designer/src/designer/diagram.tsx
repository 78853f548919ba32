/**
 * The state diagram: compound and parallel states as nested boxes, task states with their
 * role, transitions as labelled edges, laid out automatically by elkjs (layered, hierarchy
 * included). Clicking a state (or pressing Enter on it) selects it.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { createMemo, createResource, For, Show, type JSX } from 'solid-js';
import { inParens, label, lang, roleName } from '../i18n.ts';
import { guardRule, resolveTarget, targetsOf, transitionsOf, walkStates, type MachineJson, type StateNode } from './model.ts';

const elk = new ELK();

interface BoxView {
  path: string;
  x: number;
  y: number;
  width: number;
  height: number;
  compound: boolean;
  title: string;
  sub: string;
  kind: string;
}

interface EdgeView {
  id: string;
  d: string;
  label: { x: number; y: number; w: number; h: number; text: string } | null;
  timer: boolean;
}

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
const textWidth = (s: string, px: number) => [...s].reduce((w, ch) => w + (CJK.test(ch) ? px : px * 0.6), 0);

function nodeText(n: StateNode, processLabel?: EventLabel): { title: string; sub: string; kind: string } {
  const meta = n.json.meta;
  const zh = lang() === 'zh';
  const deep = n.json.history === 'deep';
  // A history state has no title of its own: it reads as the statechart symbol H (shallow) or H* (deep).
  const title = label(meta) || (n.json.type === 'history' ? (deep ? 'H*' : 'H') : n.key);
  const task = meta?.task;
  let sub = '';
  let kind: string = n.json.type ?? (n.children.length > 0 ? 'compound' : 'atomic');
  if (task) {
    // The role as a person reads it (承办单位), not its key.
    sub = `${zh ? '任务' : 'task'} · ${roleName(task.role)}${task.forEach ? (zh ? ' · 逐项' : ' · each') : ''}`;
    kind = 'task';
  } else if (meta?.spawn) {
    // The child process by its title (承办单位办理代表建议), not its id.
    sub = `${zh ? '子流程' : 'child'} · ${processLabel?.(meta.spawn.process) || meta.spawn.process}`;
  } else if (meta?.ballot) {
    sub = zh ? '表决' : 'ballot';
  } else if (n.json.type === 'final') sub = zh ? '结束' : 'final';
  else if (n.json.type === 'parallel') sub = zh ? '并行' : 'parallel';
  else if (n.json.type === 'history') sub = zh ? (deep ? '深历史：回到上次所在的最内层' : '历史：回到上次所在') : deep ? 'deep history: back to where it was' : 'history: back to where it was';
  return { title, sub, kind };
}

/** Words for an event on an edge (the package's title, e.g. 暂停办理 for PAUSE); the name itself when none is given. */
export type EventLabel = (event: string) => string;

function edgeLabel(kind: string, event: string, guarded: boolean, eventLabel?: EventLabel, delayLabel?: EventLabel): string {
  const zh = lang() === 'zh';
  const delay = delayLabel?.(event) || event;
  const base = kind === 'after' ? (zh ? `${delay}届满` : `${delay} ends`) : kind === 'always' ? (zh ? '自动' : 'always') : kind === 'onDone' ? (zh ? '完成时' : 'onDone') : (eventLabel?.(event) || event);
  return guarded ? `${base} [${zh ? '条件' : 'if'}]` : base;
}

/** The container ELK wants an edge in: the lowest common ancestor (a node itself when it is the other's ancestor). */
function containerOf(a: string, b: string): string {
  if (a === b) return a.includes('.') ? a.slice(0, a.lastIndexOf('.')) : '';
  if (b.startsWith(`${a}.`)) return a;
  if (a.startsWith(`${b}.`)) return b;
  const pa = a.split('.');
  const pb = b.split('.');
  const common: string[] = [];
  for (let i = 0; i < Math.min(pa.length, pb.length) - 1; i++) {
    if (pa[i] !== pb[i]) break;
    common.push(pa[i] as string);
  }
  return common.join('.');
}

interface Graph {
  root: ElkNode;
  key: string;
}

function buildGraph(machine: MachineJson, eventLabel?: EventLabel, delayLabel?: EventLabel, processLabel?: EventLabel): Graph {
  const states = walkStates(machine);
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '__root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: [],
    edges: [],
  };
  elkNodes.set('', root);
  const keyParts: string[] = [];
  for (const n of states.values()) {
    if (n.path === '') continue;
    const { title, sub } = nodeText(n, processLabel);
    const compound = n.children.length > 0;
    const node: ElkNode = compound
      ? { id: n.path, children: [], edges: [], layoutOptions: { 'elk.padding': '[top=44,left=14,bottom=14,right=14]', 'elk.direction': n.json.type === 'parallel' ? 'RIGHT' : 'DOWN' }, labels: [{ text: title }] }
      : { id: n.path, width: Math.max(120, Math.ceil(Math.max(textWidth(title, 15), textWidth(sub, 12)) + 28)), height: sub ? 54 : 40 };
    elkNodes.get(n.parent ?? '')?.children?.push(node);
    elkNodes.set(n.path, node);
    keyParts.push(`${n.path}:${title}:${sub}:${compound}`);
  }
  let seq = 0;
  for (const n of states.values()) {
    // A history state's default (where it goes while there is no history yet) is drawn as an edge of its own.
    const fallback = n.json.type === 'history' && n.json.target ? resolveTarget(states, n.path, n.json.target, machine.id) : null;
    if (fallback) {
      const text = lang() === 'zh' ? '尚无历史时' : 'no history yet';
      const edge: ElkExtendedEdge = { id: `e${seq++}`, sources: [n.path], targets: [fallback], labels: [{ text, width: Math.ceil(textWidth(text, 12)) + 8, height: 18 }] };
      ((elkNodes.get(containerOf(n.path, fallback)) ?? root).edges ??= []).push(edge);
      keyParts.push(`${n.path}>${fallback}:${text}`);
    }
    for (const ref of transitionsOf(n.json)) {
      const targets = targetsOf(ref.t);
      targets.forEach((target) => {
        const dest = resolveTarget(states, n.path, target, machine.id);
        if (dest === null || n.path === '') return;
        const text = edgeLabel(ref.kind, ref.event, guardRule(ref.t.guard) !== null, eventLabel, delayLabel);
        const edge: ElkExtendedEdge = {
          // Timer edges (after) are told apart by their id, drawn dashed.
          id: `${ref.kind === 'after' ? 't' : 'e'}${seq++}`,
          sources: [n.path],
          targets: [dest === '' ? n.path : dest],
          labels: [{ text, width: Math.ceil(textWidth(text, 12)) + 8, height: 18 }],
        };
        const container = elkNodes.get(containerOf(n.path, dest)) ?? root;
        (container.edges ??= []).push(edge);
        keyParts.push(`${n.path}>${dest}:${text}`);
      });
    }
  }
  return { root, key: keyParts.join('|') };
}

interface Layout {
  width: number;
  height: number;
  boxes: BoxView[];
  edges: EdgeView[];
}

async function layoutGraph(machine: MachineJson, eventLabel?: EventLabel, delayLabel?: EventLabel, processLabel?: EventLabel): Promise<Layout> {
  const { root } = buildGraph(machine, eventLabel, delayLabel, processLabel);
  const states = walkStates(machine);
  const laid = await elk.layout(root);
  const boxes: BoxView[] = [];
  const edges: EdgeView[] = [];
  const visit = (node: ElkNode, ox: number, oy: number) => {
    for (const e of node.edges ?? []) {
      const sec = e.sections?.[0];
      if (!sec) continue;
      const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint].map((p) => `${(p.x + ox).toFixed(1)},${(p.y + oy).toFixed(1)}`);
      const l = e.labels?.[0];
      edges.push({
        id: e.id,
        d: `M${pts.join(' L')}`,
        label: l && l.x !== undefined && l.y !== undefined ? { x: l.x + ox, y: l.y + oy, w: l.width ?? 0, h: l.height ?? 0, text: l.text ?? '' } : null,
        timer: e.id.startsWith('t'),
      });
    }
    for (const c of node.children ?? []) {
      const x = (c.x ?? 0) + ox;
      const y = (c.y ?? 0) + oy;
      const n = states.get(c.id);
      if (n) {
        const t = nodeText(n, processLabel);
        boxes.push({ path: c.id, x, y, width: c.width ?? 0, height: c.height ?? 0, compound: (c.children?.length ?? 0) > 0, ...t });
      }
      visit(c, x, y);
    }
  };
  visit(laid, 0, 0);
  return { width: laid.width ?? 0, height: laid.height ?? 0, boxes, edges };
}

export function StateDiagram(props: {
  machine: MachineJson;
  selected: string | null;
  onSelect: (path: string) => void;
  errorStates?: ReadonlySet<string>;
  active?: ReadonlySet<string>;
  title: string;
  /** Edge labels say the event's title when the package gives one (default: the event name). */
  eventLabel?: EventLabel;
  /** Timer edges say the delay's title (答复期限届满) when the package gives one. */
  delayLabel?: EventLabel;
  /** Sub-process boxes say the child process's title when given (default: its id). */
  processLabel?: EventLabel;
}): JSX.Element {
  // Re-layout only when the shape or the labels change, not on every keystroke elsewhere.
  const key = createMemo(() => `${lang()}#${buildGraph(props.machine, props.eventLabel, props.delayLabel, props.processLabel).key}`);
  const [layout] = createResource(key, async () => layoutGraph(props.machine, props.eventLabel, props.delayLabel, props.processLabel));
  return (
    <div class="dg-diagram" role="group" aria-label={props.title}>
      <Show when={layout.latest} fallback={<p class="muted">…</p>}>
        {(l) => (
          <svg viewBox={`0 0 ${l().width} ${l().height}`} width={l().width} height={l().height} class="dg-svg">
            <defs>
              <marker id="dg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#333" />
              </marker>
            </defs>
            <For each={l().boxes.filter((b) => b.compound)}>
              {(b) => (
                <g
                  class="dg-state dg-compound"
                  classList={{ 'dg-selected': props.selected === b.path, 'dg-error': props.errorStates?.has(b.path) ?? false, 'dg-active': props.active?.has(b.path) ?? false }}
                  role="button"
                  tabindex="0"
                  aria-label={b.sub ? `${b.title}${inParens(b.sub)}` : b.title}
                  aria-pressed={props.selected === b.path}
                  data-state={b.path}
                  onClick={(e) => { e.stopPropagation(); props.onSelect(b.path); }}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); props.onSelect(b.path); } }}
                >
                  <rect x={b.x} y={b.y} width={b.width} height={b.height} rx="10" stroke-dasharray={b.kind === 'parallel' ? '6 4' : undefined} />
                  <text x={b.x + 10} y={b.y + 20} class="dg-title">{b.title}</text>
                  {/* Only a kind (并行…) under the title: the key is the title already when there is no title, and an id when there is one. */}
                  <Show when={b.sub}>
                    <text x={b.x + 10} y={b.y + 36} class="dg-sub">{b.sub}</text>
                  </Show>
                </g>
              )}
            </For>
            <For each={l().edges}>
              {(e) => (
                <g class="dg-edge" classList={{ 'dg-timer': e.timer }}>
                  <path d={e.d} marker-end="url(#dg-arrow)" />
                  <Show when={e.label}>
                    {(lb) => (
                      <>
                        <rect x={lb().x} y={lb().y} width={lb().w} height={lb().h} rx="3" class="dg-label-bg" />
                        <text x={lb().x + 4} y={lb().y + 13} class="dg-label">{lb().text}</text>
                      </>
                    )}
                  </Show>
                </g>
              )}
            </For>
            <For each={l().boxes.filter((b) => !b.compound)}>
              {(b) => (
                <g
                  class="dg-state"
                  classList={{ 'dg-selected': props.selected === b.path, 'dg-error': props.errorStates?.has(b.path) ?? false, 'dg-task': b.kind === 'task', 'dg-final': b.kind === 'final', 'dg-active': props.active?.has(b.path) ?? false }}
                  role="button"
                  tabindex="0"
                  aria-label={b.sub ? `${b.title}${inParens(b.sub)}` : b.title}
                  aria-pressed={props.selected === b.path}
                  data-state={b.path}
                  onClick={() => props.onSelect(b.path)}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); props.onSelect(b.path); } }}
                >
                  <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={b.kind === 'final' ? 20 : 8} />
                  <text x={b.x + b.width / 2} y={b.y + (b.sub ? 22 : 25)} text-anchor="middle" class="dg-title">{b.title}</text>
                  <Show when={b.sub}>
                    <text x={b.x + b.width / 2} y={b.y + 42} text-anchor="middle" class="dg-sub">{b.sub}</text>
                  </Show>
                  <Show when={props.errorStates?.has(b.path)}>
                    <circle cx={b.x + b.width - 6} cy={b.y + 6} r="9" class="dg-badge" />
                    <text x={b.x + b.width - 6} y={b.y + 11} text-anchor="middle" class="dg-badge-text">!</text>
                  </Show>
                </g>
              )}
            </For>
          </svg>
        )}
      </Show>
    </div>
  );
}
