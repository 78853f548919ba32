/**
 * The browser's form validator: the same names as form-validator.ts (`createAjv`,
 * `compileForm`, `toFieldErrors`, the keyword lists), on @cfworker/json-schema, which
 * interprets a JSON Schema 2020-12 instead of compiling it into a function.
 *
 * Why: Ajv compiles every schema with `Function()`, so the browser needed `'unsafe-eval'` in
 * the app's CSP. Forms reach the browser at run time (published packages, and the designer's
 * working copy changing at every keystroke), so they cannot be compiled at build time; Ajv's
 * standalone code served by the server would mean a round trip per keystroke in the
 * designer's preview and a script generated from user-edited schemas. An interpreter needs
 * no eval, and the CSP's `script-src` is `'self'` alone (server/security-headers.ts).
 *
 * How it stays the server's validator: the browser build (designer/vite.config.ts) resolves
 * every import of form-validator.ts to this module, so the portal, the designer's preview,
 * `checkPackage` and the simulator's `compileDefinition` run the same code as on the server
 * with this validator under it. The server keeps Ajv and is the authority on every submission.
 * What our `createAjv()` adds on top of plain JSON Schema is done here too:
 * - formats: Ajv's own checks (ajv-formats' `fullFormats`, plain functions and regular
 *   expressions), not the interpreter's, and only the formats Ajv knows;
 * - `ownProperties`: the interpreter reads own properties only, as `createAjv()` asks of Ajv;
 * - `multipleOf`: Ajv (`multipleOfPrecision: 9`) accepts x when x / d is within 1e-9 of a
 *   whole number; the interpreter divides exactly in decimal. Both say 19.99 is a multiple of
 *   0.01 and 0.3 of 0.1, and 1.005 is not of 0.01 (numbers.json); they differ only on binary
 *   leftovers no one types, such as 0.1 + 0.2 (0.30000000000000004), which the browser
 *   refuses and the server accepts. No shipped form uses `multipleOf`; the agreement test
 *   lists this case;
 * - `x-ui` is an annotation for both; line breaks in single-line fields (text-input.ts) are
 *   checked by the same `lineBreakErrors`;
 * - errors: the interpreter's output units are turned into Ajv's shape (keyword,
 *   instancePath, schemaPath, params, message) by `toAjvErrors`, so `toFieldErrors`
 *   (form-errors.ts) words them the same, field by field, and `checkPackage` reads them as
 *   it reads Ajv's;
 * - a schema Ajv refuses to compile is refused here too (`schemaProblem`): the 2020-12
 *   meta-schema, regular expressions, `$ref`s that resolve.
 * test/engine/form-validator-agreement.test.ts compares the two on every shipped form and
 * the conformance corpus, with generated valid and mutated data.
 */
import { deepCompareStrict, format as cfFormats, validate as interpret, Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import metaSchema from 'ajv/dist/refs/json-schema-2020-12/schema.json' with { type: 'json' };
import metaApplicator from 'ajv/dist/refs/json-schema-2020-12/meta/applicator.json' with { type: 'json' };
import metaContent from 'ajv/dist/refs/json-schema-2020-12/meta/content.json' with { type: 'json' };
import metaCore from 'ajv/dist/refs/json-schema-2020-12/meta/core.json' with { type: 'json' };
import metaFormat from 'ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json' with { type: 'json' };
import metaMetaData from 'ajv/dist/refs/json-schema-2020-12/meta/meta-data.json' with { type: 'json' };
import metaUnevaluated from 'ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json' with { type: 'json' };
import metaValidation from 'ajv/dist/refs/json-schema-2020-12/meta/validation.json' with { type: 'json' };
import { toFieldErrors, type FormErrorObject, type FormValidator } from './form-errors.ts';
import { lineBreakErrors } from './text-input.ts';
import type { JsonSchema } from './types.ts';

export { toFieldErrors, type FormErrorObject, type FormValidator } from './form-errors.ts';
export * from './form-keywords.ts';

// ---------------------------------------------------------------- formats: Ajv's own

type AjvFormat = RegExp | ((s: string) => boolean) | true | { type?: string; validate: RegExp | ((s: string) => boolean) };

function formatCheck(f: AjvFormat): ((s: string) => boolean) | null {
  if (f === true) return () => true;
  if (f instanceof RegExp) return (s) => f.test(s);
  if (typeof f === 'function') return f;
  if (f.type !== undefined && f.type !== 'string') return null; // a number format: Ajv skips it for strings
  return formatCheck(f.validate as AjvFormat);
}

// The interpreter checks `format` through this shared table; it is ours alone in the bundle.
for (const name of Object.keys(cfFormats)) delete cfFormats[name];
for (const [name, f] of Object.entries(fullFormats as Record<string, AjvFormat>)) {
  const check = formatCheck(f);
  if (check) cfFormats[name] = check;
}

// ---------------------------------------------------------------- the schema as interpreted

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every (sub)schema object of `schema`, with its pointer, following the keywords that hold schemas. */
function eachSchema(schema: unknown, visit: (s: Record<string, unknown>, pointer: string) => void, pointer = '', depth = 0): void {
  if (!isObject(schema) || depth > 200) return;
  visit(schema, pointer);
  for (const [k, v] of Object.entries(schema)) {
    const at = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (['not', 'if', 'then', 'else', 'items', 'contains', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'].includes(k)) eachSchema(v, visit, at, depth + 1);
    else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(k) && Array.isArray(v)) v.forEach((x, i) => eachSchema(x, visit, `${at}/${i}`, depth + 1));
    else if (['properties', 'patternProperties', '$defs', 'dependentSchemas'].includes(k) && isObject(v)) {
      for (const [name, x] of Object.entries(v)) eachSchema(x, visit, `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
    }
  }
}

/** The copy of a form schema the interpreter reads: a deep copy, since the interpreter marks schema objects with their resolved URIs. */
function interpretedCopy(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema)) as Schema;
}

// ---------------------------------------------------------------- schemas Ajv would not compile

/** The 2020-12 meta-schema (as Ajv ships it), `$dynamicRef: "#meta"` read as the plain `$ref` it means for schemas without extensions. */
const metaValidator = (() => {
  // Ajv checks no format of the meta-schema while it checks a schema (a bad `pattern` is refused
  // when it compiles it, below), so neither do we.
  const plain = (s: unknown): Schema => JSON.parse(JSON.stringify(s).replace(/"\$dynamicRef":"#meta"/g, '"$ref":"https://json-schema.org/draft/2020-12/schema"').replace(/,?"format":"[^"]*"/g, '')) as Schema;
  const v = new Validator(plain(metaSchema), '2020-12', false);
  for (const m of [metaCore, metaApplicator, metaUnevaluated, metaValidation, metaMetaData, metaFormat, metaContent]) v.addSchema(plain(m));
  return v;
})();

/** Why Ajv would refuse to compile `schema` (its words where they can be had), or null. */
function schemaProblem(schema: unknown, validator: Validator | null): string | null {
  const meta = metaValidator.validate(schema);
  if (!meta.valid) {
    const errors = toAjvErrors(meta.errors, schema).filter((e) => e.keyword !== 'if');
    return `schema is invalid: ${errors.map((e) => `data${e.instancePath} ${e.message ?? ''}`).join(', ')}`;
  }
  let problem: string | null = null;
  eachSchema(schema, (s) => {
    if (problem) return;
    const patterns = [...(typeof s.pattern === 'string' ? [s.pattern] : []), ...(isObject(s.patternProperties) ? Object.keys(s.patternProperties) : [])];
    for (const p of patterns) {
      try {
        new RegExp(p, 'u');
      } catch (err) {
        problem = (err as Error).message;
        return;
      }
    }
    if (typeof s.$ref === 'string' && validator) {
      const lookup = (validator as unknown as { lookup: Record<string, unknown> }).lookup;
      const absolute = (s as { __absolute_ref__?: string }).__absolute_ref__;
      if (absolute === undefined || lookup[absolute] === undefined) problem = `can't resolve reference ${s.$ref} from id #`;
    }
  });
  return problem;
}

// ---------------------------------------------------------------- errors in Ajv's shape

/** An instance location of the interpreter (`#/a/%E4%BB%A3`) as Ajv's instancePath (`/a/代`). */
function instancePath(location: string): string {
  if (location === '#') return '';
  return location
    .slice(1)
    .split('/')
    .map((t) => decodeURIComponent(t))
    .join('/');
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));
const lastToken = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');

/** The schema object at an interpreter keyword location, following `$ref`s as the interpreter did. */
function schemaAt(root: unknown, keywordLocation: string): Record<string, unknown> | null {
  let cur: unknown = root;
  const tokens = keywordLocation.replace(/^#\/?/, '').split('/').filter((t) => t !== '');
  for (const raw of tokens.slice(0, -1)) {
    const t = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(cur) && !Array.isArray(cur)) return null;
    if (t === '$ref' && isObject(cur)) {
      cur = (cur as { __absolute_ref_schema__?: unknown }).__absolute_ref_schema__ ?? refTarget(root, cur.$ref);
      continue;
    }
    cur = (cur as Record<string, unknown>)[t];
  }
  return isObject(cur) ? cur : null;
}

/** A local `$ref` ("#/$defs/a", "#anchor") within `root`. */
function refTarget(root: unknown, ref: unknown): unknown {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  if (ref === '#') return root;
  if (ref.startsWith('#/')) {
    let cur: unknown = root;
    for (const raw of ref.slice(2).split('/')) {
      const t = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[t];
    }
    return cur;
  }
  let found: unknown;
  eachSchema(root, (s) => {
    if (found === undefined && s.$anchor === ref.slice(1)) found = s;
  });
  return found;
}

const AJV_TYPE = (t: unknown) => (Array.isArray(t) ? t.join(',') : String(t));

/** Ajv's message for an error (ajv/lib/vocabularies), so the checker's texts are the server's. */
function ajvMessage(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'required':
      return `must have required property '${String(params.missingProperty)}'`;
    case 'dependentRequired':
      return `must have property ${String(params.missingProperty)} when property ${String(params.property)} is present`;
    case 'additionalProperties':
      return 'must NOT have additional properties';
    case 'unevaluatedProperties':
      return 'must NOT have unevaluated properties';
    case 'unevaluatedItems':
    case 'items':
      return `must NOT have more than ${String(params.limit)} items`;
    case 'type':
      return `must be ${AJV_TYPE(params.type)}`;
    case 'enum':
      return 'must be equal to one of the allowed values';
    case 'const':
      return 'must be equal to constant';
    case 'pattern':
      return `must match pattern "${String(params.pattern)}"`;
    case 'format':
      return `must match format "${String(params.format)}"`;
    case 'minLength':
    case 'maxLength':
      return `must NOT have ${keyword === 'minLength' ? 'fewer' : 'more'} than ${String(params.limit)} characters`;
    case 'minItems':
    case 'maxItems':
      return `must NOT have ${keyword === 'minItems' ? 'fewer' : 'more'} than ${String(params.limit)} items`;
    case 'minProperties':
    case 'maxProperties':
      return `must NOT have ${keyword === 'minProperties' ? 'fewer' : 'more'} than ${String(params.limit)} properties`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'multipleOf':
      return `must be multiple of ${String(params.multipleOf)}`;
    case 'oneOf':
      return 'must match exactly one schema in oneOf';
    case 'anyOf':
      return 'must match a schema in anyOf';
    case 'not':
      return 'must NOT be valid';
    case 'if':
      return `must match "${String(params.failingKeyword)}" schema`;
    case 'propertyNames':
      return 'property name must be valid';
    case 'uniqueItems':
      return `must NOT have duplicate items (items ## ${String(params.j)} and ${String(params.i)} are identical)`;
    case 'contains':
      return `must contain at least ${String(params.minContains ?? 1)} valid item(s)`;
    case 'false schema':
      return 'boolean schema is false';
    default:
      return 'must be valid';
  }
}

const tail = (text: string, prefix: string, suffix: string): string | null => (text.startsWith(prefix) && text.endsWith(suffix) ? text.slice(prefix.length, text.length - suffix.length) : null);

/** The limit at the end of the interpreter's words ("1 is less than 5." → 5). */
const trailingNumber = (text: string): number => Number(/(-?[\d.e+-]+|Infinity)\.$/i.exec(text)?.[1] ?? NaN);

/**
 * The interpreter's output units as Ajv's errors (with `allErrors`): the same keyword at the
 * same instancePath with the params `toFieldErrors` and `checkPackage` read. The interpreter
 * also reports the applicator that held a failing subschema (`properties`, `$ref`, `allOf`…),
 * which Ajv does not; a `false` schema under `additionalProperties`, `items` or the
 * `unevaluated*` keywords is Ajv's error of that keyword at the parent; errors inside
 * `propertyNames` are at the object, with the property name; `contains` is one error.
 */
export function toAjvErrors(units: OutputUnit[], root: unknown, data?: unknown, lookup?: Record<string, Schema | boolean>): FormErrorObject[] {
  const containsBases = units.filter((u) => ['contains', 'minContains', 'maxContains'].includes(u.keyword)).map((u) => u.keywordLocation.replace(/\/(min|max)?[cC]ontains$/, '/contains/'));
  const out: FormErrorObject[] = [];
  const push = (keyword: string, at: string, schemaPath: string, params: Record<string, unknown>, extra: Partial<FormErrorObject> = {}) => {
    out.push({ keyword, instancePath: at, schemaPath, params, message: ajvMessage(keyword, params), ...extra });
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const at = instancePath(u.instanceLocation);
    const schemaPath = u.keywordLocation;
    if (containsBases.some((b) => schemaPath.startsWith(b))) continue;
    const text = u.error;
    switch (u.keyword) {
      case '$ref':
      case 'properties':
      case 'patternProperties':
      case 'prefixItems':
      case 'allOf':
      case 'dependentSchemas':
      case 'dependencies':
      case '$recursiveRef':
        continue;
      case 'additionalProperties':
      case 'unevaluatedProperties':
      case 'items':
      case 'additionalItems':
      case 'unevaluatedItems': {
        const next = units[i + 1];
        if (next?.keyword === 'false' && parentOf(instancePath(next.instanceLocation)) === at) {
          i++;
          const child = lastToken(instancePath(next.instanceLocation));
          if (u.keyword === 'additionalProperties') push('additionalProperties', at, schemaPath, { additionalProperty: child });
          else if (u.keyword === 'unevaluatedProperties') push('unevaluatedProperties', at, schemaPath, { unevaluatedProperty: child });
          else push(u.keyword, at, schemaPath, { limit: Number(child) });
        }
        continue;
      }
      case 'propertyNames': {
        const name = tail(text, 'Property name "', '" does not match schema.') ?? '';
        const inner: FormErrorObject[] = [];
        const keyAt = `${u.instanceLocation}/${encodeURI(name.replace(/~/g, '~0').replace(/\//g, '~1')).replace(/#/g, '%23')}`;
        while (i + 1 < units.length && units[i + 1]!.instanceLocation === keyAt) {
          i++;
          const sub = toAjvErrors([units[i]!], root, data, lookup);
          for (const e of sub) inner.push({ ...e, instancePath: at, propertyName: name });
        }
        out.push(...inner);
        push('propertyNames', at, schemaPath, { propertyName: name });
        continue;
      }
      case 'false':
        push('false schema', at, schemaPath, {});
        continue;
      case 'required':
        push('required', at, schemaPath, { missingProperty: tail(text, 'Instance does not have required property "', '".') ?? '' });
        continue;
      case 'dependentRequired': {
        const m = /^Instance has "([\s\S]*)" but does not have "([\s\S]*)"\.$/.exec(text);
        push('dependentRequired', at, schemaPath, { property: m?.[1] ?? '', missingProperty: m?.[2] ?? '' });
        continue;
      }
      case 'const': {
        const json = tail(text, 'Instance does not match ', '.');
        push('const', at, schemaPath, { allowedValue: json === null ? undefined : JSON.parse(json) });
        continue;
      }
      case 'type': {
        const s = schemaAt(root, schemaPath);
        push('type', at, schemaPath, { type: s?.type });
        continue;
      }
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
        push(u.keyword, at, schemaPath, { limit: Number(/ (\d+)\)\.$/.exec(text)?.[1]) });
        continue;
      case 'minProperties':
      case 'maxProperties': {
        const s = schemaAt(root, schemaPath);
        push(u.keyword, at, schemaPath, { limit: s?.[u.keyword] });
        continue;
      }
      case 'minimum':
        push('minimum', at, schemaPath, { limit: trailingNumber(text), comparison: '>=' });
        continue;
      case 'maximum':
        push('maximum', at, schemaPath, { limit: trailingNumber(text), comparison: '<=' });
        continue;
      case 'exclusiveMinimum':
        push('exclusiveMinimum', at, schemaPath, { limit: trailingNumber(text), comparison: '>' });
        continue;
      case 'exclusiveMaximum':
        push('exclusiveMaximum', at, schemaPath, { limit: trailingNumber(text), comparison: '<' });
        continue;
      case 'format':
        push('format', at, schemaPath, { format: tail(text, 'String does not match format "', '".') ?? '' });
        continue;
      case 'pattern': {
        const s = schemaAt(root, schemaPath);
        push('pattern', at, schemaPath, { pattern: s?.pattern });
        continue;
      }
      case 'if':
        push('if', at, schemaPath, { failingKeyword: /"else"/.test(text) ? 'else' : 'then' });
        continue;
      case 'contains':
      case 'minContains':
      case 'maxContains': {
        const s = schemaAt(root, schemaPath);
        if (s && lookup) out.push(...containsItemErrors(s, valueAt(data, at), u.instanceLocation, schemaPath.replace(/\/(min|max)?[cC]ontains$/, '/contains'), root, data, lookup));
        push('contains', at, schemaPath.replace(/\/(min|max)Contains$/, '/contains'), { minContains: s?.minContains ?? 1, ...(s?.maxContains !== undefined ? { maxContains: s.maxContains } : {}) });
        continue;
      }
      case 'uniqueItems': {
        const m = /^Duplicate items at indexes (\d+) and (\d+)\.$/.exec(text);
        if (data !== undefined && !ajvSeesDuplicates(schemaAt(root, schemaPath), valueAt(data, at))) continue;
        push('uniqueItems', at, schemaPath, { i: Number(m?.[2]), j: Number(m?.[1]) });
        continue;
      }
      default:
        push(u.keyword, at, schemaPath, {});
    }
  }
  return out;
}

/** The value at an Ajv instancePath. */
function valueAt(data: unknown, path: string): unknown {
  let cur = data;
  for (const raw of path === '' ? [] : path.slice(1).split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = Object.hasOwn(cur, t) ? (cur as Record<string, unknown>)[t] : undefined;
  }
  return cur;
}

const TYPE_OF: Record<string, (x: unknown) => boolean> = {
  string: (x) => typeof x === 'string',
  number: (x) => typeof x === 'number',
  integer: (x) => typeof x === 'number' && !(x % 1) && !Number.isNaN(x),
  boolean: (x) => typeof x === 'boolean',
  null: (x) => x === null,
};

/**
 * Ajv's `uniqueItems` when `items` has only scalar types (`{type: "string"}`, a picker's ids):
 * items of another type are skipped (their `type` error is reported by `items`), so `[1, 1]`
 * of strings has no duplicate for Ajv. Otherwise every item is compared, as the interpreter does.
 */
function ajvSeesDuplicates(schema: Record<string, unknown> | null, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  const items = schema?.items;
  const types = isObject(items) ? (Array.isArray(items.type) ? items.type : items.type === undefined ? [] : [items.type]) : [];
  const scalar = types.length > 0 && types.every((t) => typeof t === 'string' && Object.hasOwn(TYPE_OF, t));
  const kept = scalar ? list.filter((x) => types.some((t) => TYPE_OF[t as string]!(x))) : list;
  for (let i = 0; i < kept.length; i++) for (let j = i + 1; j < kept.length; j++) if (deepCompareStrict(kept[i], kept[j])) return true;
  return false;
}

/**
 * Ajv's errors under a failing `contains`: why each item did not match, up to the item where
 * `maxContains` was passed (Ajv stops there); the interpreter keeps only its own verdict.
 */
function containsItemErrors(s: Record<string, unknown>, list: unknown, location: string, containsLocation: string, root: unknown, data: unknown, lookup: Record<string, Schema | boolean>): FormErrorObject[] {
  if (!Array.isArray(list) || s.contains === undefined) return [];
  const max = typeof s.maxContains === 'number' ? s.maxContains : undefined;
  const units: OutputUnit[] = [];
  let count = 0;
  for (let j = 0; j < list.length; j++) {
    const r = interpret(list[j], s.contains as Schema, '2020-12', lookup, false, null, `${location}/${j}`, containsLocation);
    if (r.valid) count++;
    else units.push(...r.errors);
    if (max !== undefined && count > max) break;
  }
  return toAjvErrors(units, root, data, lookup);
}

// ---------------------------------------------------------------- the Ajv-shaped API

/** A compiled schema as Ajv's `ValidateFunction` is read: call it, then read `errors`. */
export interface InterpretedValidateFunction {
  (data: unknown): boolean;
  errors: FormErrorObject[] | null;
  schema: unknown;
}

/** What `createAjv()` gives in the browser: `compile` as Ajv's, throwing where Ajv would throw. */
export interface InterpretedCompiler {
  compile(schema: unknown): InterpretedValidateFunction;
}

export function createAjv(): InterpretedCompiler {
  return { compile };
}

function compile(schema: unknown): InterpretedValidateFunction {
  if (typeof schema !== 'boolean' && !isObject(schema)) throw new Error('schema must be object or boolean');
  const copy = typeof schema === 'boolean' ? schema : interpretedCopy(schema);
  const validator = new Validator(copy as Schema, '2020-12', false);
  const problem = schemaProblem(copy, validator);
  if (problem) throw new Error(problem);
  const validate = ((data: unknown) => {
    const result = validator.validate(data);
    validate.errors = result.valid ? null : toAjvErrors(result.errors, copy, data, (validator as unknown as { lookup: Record<string, Schema | boolean> }).lookup);
    return result.valid;
  }) as InterpretedValidateFunction;
  validate.errors = null;
  validate.schema = schema;
  return validate;
}

/** Compile a form schema; throws when the schema itself is invalid (as Ajv would). Line breaks in single-line fields are errors too (text-input.ts). */
export function compileForm(compiler: InterpretedCompiler, schema: JsonSchema): FormValidator {
  const validate = compiler.compile(schema);
  return (data) => [...(validate(data) ? [] : toFieldErrors(validate.errors ?? [], schema)), ...lineBreakErrors(schema, data)];
}
