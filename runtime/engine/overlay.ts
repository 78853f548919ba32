/**
 * County overlays: a region (province → city → county) never edits the base package; it
 * keeps a JSON Merge Patch (RFC 7396) over what its parent sees, and the effective package
 * is `merge(base, province, city, county)`, checked like any definition (checkPackage).
 *
 * Pure data in, data out: no Node, no I/O, so the designer runs the same code in the browser.
 *
 * Merge patch replaces arrays wholesale, on purpose (we follow RFC 7396 exactly rather than
 * invent array operators). Two consequences for overlay authors:
 * - Enum options of a form field are a `oneOf` array of `{const, title, x-ui}`; an overlay
 *   that adds an option repeats the whole `oneOf` list (the parent's options plus the new one).
 * - Guarded transitions of one event are an array; an overlay changing one branch repeats the
 *   whole array. Required fields (`required`) likewise.
 */
import { pointer as jsonPointer } from '../json-pointer.ts';
import { handWrittenTaxonomyLists, resolveTaxonomies } from './taxonomy.ts';
import type { ProcessPackage } from './types.ts';

/** One level's overlay: `level` names it (province, city, county, …) for messages. */
export interface OverlayLayer {
  level: string;
  patch: unknown;
}

export type JsonObject = { [key: string]: unknown };

/** A JSON object: not null, not an array (RFC 7396 treats arrays like any other value). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own property. Plain assignment of `__proto__` (a legal key in parsed JSON) would
 * change the object's prototype instead of adding a key; overlays come from counties, so
 * their keys are data and must stay data.
 */
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneJson(v));
  return out;
}

/**
 * RFC 7396 MergePatch(target, patch). Never mutates its inputs and shares no structure with
 * them (the result may be edited freely, e.g. by the designer). Keys keep the target's order,
 * new keys follow in the patch's order, so merged packages read like their base.
 * `undefined` is not JSON; a patch member whose value is `undefined` is ignored.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const base: JsonObject = isJsonObject(target) ? target : {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(base)) {
    if (!Object.hasOwn(patch, k) || patch[k] === undefined) setOwn(out, k, cloneJson(v));
    else if (patch[k] !== null) setOwn(out, k, mergePatch(v, patch[k]));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (Object.hasOwn(base, k) || v === null || v === undefined) continue;
    setOwn(out, k, mergePatch(undefined, v));
  }
  return out;
}

/**
 * The effective package: the overlays applied in the order given, which must be parent
 * first (province, city, county) — a later level wins. The result is not checked here; run
 * `checkPackage` on it, as for any definition.
 */
export function applyOverlays(base: ProcessPackage, overlays: ReadonlyArray<OverlayLayer>): ProcessPackage {
  let merged: unknown = base;
  for (const { level, patch } of overlays) {
    // A non-object patch would replace the whole package (RFC 7396 allows it); for an
    // overlay that is always a mistake, so refuse it instead of producing garbage.
    if (!isJsonObject(patch)) throw new TypeError(`Overlay of level "${level}" must be a JSON object`);
    merged = mergePatch(merged, patch);
    // Lists a taxonomy setting derives (办理结果分类) have one home, the setting's options.
    const handWritten = handWrittenTaxonomyLists(merged as ProcessPackage, patch);
    if (handWritten.length > 0) {
      throw new TypeError(
        `${level} 的定制不能直接改写由“办理结果分类”等分类设置生成的选项（${handWritten.join('、')}），请改设置本身 / Overlay of level "${level}" writes lists its taxonomy setting derives (${handWritten.join(', ')}); change the setting instead`,
      );
    }
  }
  // Lists derived from a taxonomy setting follow the setting the overlays leave (taxonomy.ts).
  return resolveTaxonomies((overlays.length === 0 ? cloneJson(base) : merged) as ProcessPackage);
}


/** Keys under a state that hold transitions. */
export const TRANSITION_KEYS = ['on', 'after', 'always', 'onDone'] as const;

/**
 * Pointers of everything running work can stand on: states at any depth, their transitions
 * (per event: `/on/<event>`, `/after/<delay>`, `/always`, `/onDone`), forms and their
 * top-level fields. Reads loose data, since an overlay may have broken the shape.
 */
function inventory(pkg: unknown): Set<string> {
  const found = new Set<string>();
  if (!isJsonObject(pkg)) return found;
  if (isJsonObject(pkg.forms)) {
    for (const [name, form] of Object.entries(pkg.forms)) {
      if (!isJsonObject(form)) continue; // no longer a schema: gone, whatever the key says
      found.add(jsonPointer('forms', name));
      if (isJsonObject(form.properties)) {
        for (const field of Object.keys(form.properties)) found.add(jsonPointer('forms', name, 'properties', field));
      }
    }
  }
  const visit = (state: JsonObject, ptr: string) => {
    for (const key of TRANSITION_KEYS) {
      const value = state[key];
      if (value === undefined) continue;
      if (key === 'on' || key === 'after') {
        if (isJsonObject(value)) for (const event of Object.keys(value)) found.add(`${ptr}${jsonPointer(key, event)}`);
      } else found.add(`${ptr}/${key}`);
    }
    if (!isJsonObject(state.states)) return;
    for (const [key, child] of Object.entries(state.states)) {
      const childPtr = `${ptr}${jsonPointer('states', key)}`;
      if (!isJsonObject(child)) continue;
      found.add(childPtr);
      visit(child, childPtr);
    }
  };
  if (isJsonObject(pkg.machine)) visit(pkg.machine, '/machine');
  return found;
}

/**
 * Pointers of the states, transitions, forms and form fields that exist in `base` and are
 * gone after applying `patch`, sorted. A caller refuses the overlay when running instances
 * stand on one of them (an instance in a removed state, an open task whose form goes away).
 *
 * Computed by comparing `base` with the merged result rather than by scanning the patch for
 * nulls, so it also catches removals made by replacing a parent object with a non-object.
 * Removing a state reports its descendant states and their transitions too (a form, its
 * fields), so a caller can match an instance's state pointer directly, without prefix logic.
 * A state or form whose value is no longer an object counts as removed.
 */
export function overlayRemovals(base: ProcessPackage, patch: unknown): string[] {
  const after = inventory(mergePatch(base, patch));
  return [...inventory(base)].filter((p) => !after.has(p)).sort();
}
