/**
 * Form validation with Ajv (draft 2020-12). Validators are compiled once per definition
 * version (see compile.ts) and reused; every field error carries a JSON pointer and a
 * message in Chinese and English, so the designer and the server report the same thing.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FieldError } from '../errors.ts';
import { childPointer } from '../json-pointer.ts';
import type { JsonSchema } from './types.ts';

// ajv-formats is CommonJS; its plugin arrives as `default` under Node's ESM interop.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => void;

export type FormValidator = (data: unknown) => FieldError[];

/**
 * - `ownProperties`: without it Ajv reads `data.constructor !== undefined`, so `{}` satisfied
 *   `required: ["constructor"]` (and `toString`, `hasOwnProperty`, `__proto__`) through
 *   Object.prototype (test/conformance/forms/own-properties.json).
 * - `multipleOfPrecision`: Ajv's default test `x / d === parseInt(x / d)` refused 19.99 as a
 *   multiple of 0.01 and 0.3 of 0.1 (binary floating point); 1e-9 of slack accepts them and
 *   still refuses 1.005 for 0.01 (test/conformance/forms/numbers.json).
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, ownProperties: true, multipleOfPrecision: 9 });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-ui' });
  return ajv;
}

/** Compile a form schema; throws Ajv's error when the schema itself is invalid. */
export function compileForm(ajv: Ajv2020, schema: JsonSchema): FormValidator {
  const validate: ValidateFunction = ajv.compile(schema);
  return (data) => (validate(data) ? [] : toFieldErrors(validate.errors ?? []));
}

function fieldTitle(schema: unknown, property?: string): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as { title?: unknown; properties?: Record<string, { title?: unknown }> };
  const title = property ? s.properties?.[property]?.title : s.title;
  return typeof title === 'string' ? title : undefined;
}

function describe(e: ErrorObject): { zh: string; en: string; pointer: string; title?: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const prop = String(p.missingProperty);
      return { pointer: childPointer(e.instancePath, prop), zh: '必填', en: 'is required', title: fieldTitle(e.parentSchema, prop) };
    }
    case 'dependentRequired': {
      const prop = String(p.missingProperty);
      return { pointer: childPointer(e.instancePath, prop), zh: `填写「${String(p.property)}」时必填`, en: `is required when ${String(p.property)} is given`, title: fieldTitle(e.parentSchema, prop) };
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return { pointer: childPointer(e.instancePath, prop), zh: '不允许的字段', en: 'is not an allowed field' };
    }
    case 'type':
      return { pointer: e.instancePath, zh: `类型应为 ${String(p.type)}`, en: `must be ${String(p.type)}` };
    case 'maxLength':
      return { pointer: e.instancePath, zh: `不能超过 ${String(p.limit)} 个字`, en: `must be at most ${String(p.limit)} characters` };
    case 'minLength':
      return Number(p.limit) <= 1
        ? { pointer: e.instancePath, zh: '不能为空', en: 'must not be empty' }
        : { pointer: e.instancePath, zh: `至少 ${String(p.limit)} 个字`, en: `must be at least ${String(p.limit)} characters` };
    case 'minItems':
      return { pointer: e.instancePath, zh: `至少选择 ${String(p.limit)} 项`, en: `must have at least ${String(p.limit)} items` };
    case 'maxItems':
      return { pointer: e.instancePath, zh: `最多选择 ${String(p.limit)} 项`, en: `must have at most ${String(p.limit)} items` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { pointer: e.instancePath, zh: `应不小于 ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { pointer: e.instancePath, zh: `应不大于 ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'format':
      return { pointer: e.instancePath, zh: `格式不正确（${String(p.format)}）`, en: `must be a valid ${String(p.format)}` };
    case 'enum':
    case 'const':
    case 'oneOf':
    case 'anyOf':
      return { pointer: e.instancePath, zh: '取值不在允许范围内', en: 'is not one of the allowed values' };
    case 'uniqueItems':
      return { pointer: e.instancePath, zh: '不能有重复项', en: 'must not contain duplicates' };
    case 'pattern':
      return { pointer: e.instancePath, zh: '格式不正确', en: 'has the wrong format' };
    default:
      return { pointer: e.instancePath, zh: '取值无效', en: e.message ?? 'is invalid' };
  }
}

/**
 * Ajv reports an enum written as `oneOf` of `const`s once per branch, and `if/then` once
 * more: keep one error per pointer and meaning.
 */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const combinators = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (combinators.has(e.instancePath) && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) continue;
    const d = describe(e);
    const title = d.title ?? fieldTitle(e.parentSchema);
    const key = `${d.pointer}|${d.zh}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      pointer: d.pointer || '/',
      message: title ? `${title}：${d.zh}` : d.zh,
      message_en: `${d.pointer || 'value'} ${d.en}`,
      keyword: e.keyword,
    });
  }
  return out;
}

// ---------------------------------------------------------------- keywords a form may use

/**
 * The JSON Schema 2020-12 keywords a form may use: Ajv2020 with `createAjv()`'s options does
 * what the spec says for each, and each has cases in test/conformance/forms/. The reasons
 * for the rest are in definitions/README.md ("Keywords forms do not support").
 */
export const FORM_KEYWORDS: ReadonlySet<string> = new Set([
  // core
  '$schema', '$ref', '$defs', '$anchor', '$comment',
  // applicator
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas',
  'prefixItems', 'items', 'contains', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames',
  // unevaluated
  'unevaluatedItems', 'unevaluatedProperties',
  // validation
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains',
  'maxProperties', 'minProperties', 'required', 'dependentRequired',
  // format (see FORM_FORMATS), meta-data (annotations, never checked)
  'format', 'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  // the project's rendering hints
  'x-ui',
]);

/** Formats Ajv checks (ajv-formats, full mode) that have cases in test/conformance/forms/format-*.json. */
export const FORM_FORMATS: ReadonlySet<string> = new Set(['date', 'time', 'date-time', 'email', 'uri', 'uuid']);

const SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** Keywords Ajv knows that a form may not use, with why (a measured behaviour where there is one). */
export const UNSUPPORTED_FORM_KEYWORDS: Readonly<Record<string, string>> = {
  $id: 'forms share one Ajv per package (and one in the browser): a second form or version with the same $id fails to compile ("already exists"); a form is named by its package',
  $dynamicRef: "Ajv's support is partial: a $dynamicRef to a local $dynamicAnchor compiles, then overflows the stack on every validation; forms have no extension points",
  $dynamicAnchor: "Ajv's support is partial; forms have no extension points",
  $recursiveRef: 'draft 2019-09, replaced by $dynamicRef in 2020-12',
  $recursiveAnchor: 'draft 2019-09, replaced by $dynamicAnchor in 2020-12',
  $vocabulary: 'belongs in meta-schemas, not forms',
  dependencies: 'draft-07: a 2020-12 validator ignores it but Ajv still enforces it; write dependentRequired or dependentSchemas',
  additionalItems: 'draft-07: ignored by Ajv2020; write prefixItems and items',
  definitions: 'draft-07: write $defs',
  nullable: 'OpenAPI 3.0, not JSON Schema; write type: ["string", "null"]',
  discriminator: 'OpenAPI, not JSON Schema; ignored by Ajv without its option',
  contentEncoding: 'an annotation only: neither Ajv nor the spec checks it; attachments are file ids from POST /api/files',
  contentMediaType: 'an annotation only: neither Ajv nor the spec checks it',
  contentSchema: 'an annotation only: neither Ajv nor the spec checks it',
};

const SUBSCHEMA = new Set(['not', 'if', 'then', 'else', 'items', 'contains', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);
const SUBSCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

export interface SchemaKeyword {
  /** JSON pointer of the keyword in the schema. */
  pointer: string;
  keyword: string;
  value: unknown;
  /** Pointer of the (sub)schema holding it: '' at the root. */
  schemaPointer: string;
}

/**
 * Every keyword of a schema and its subschemas, in pointer order. Only schema positions are
 * walked: the names under `properties` are fields, and `const`, `enum`, `default`,
 * `examples` and `x-ui` hold data, not keywords.
 */
export function schemaKeywords(schema: unknown): SchemaKeyword[] {
  const out: SchemaKeyword[] = [];
  const stack: Array<{ schema: unknown; pointer: string }> = [{ schema, pointer: '' }];
  while (stack.length > 0) {
    const { schema: s, pointer } = stack.pop()!;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) continue; // boolean schemas; the rest Ajv refuses itself
    for (const [keyword, value] of Object.entries(s as Record<string, unknown>)) {
      const at = childPointer(pointer, keyword);
      out.push({ pointer: at, keyword, value, schemaPointer: pointer });
      if (SUBSCHEMA.has(keyword) && !Array.isArray(value)) stack.push({ schema: value, pointer: at });
      else if (SUBSCHEMA_LIST.has(keyword) && Array.isArray(value)) value.forEach((v, i) => stack.push({ schema: v, pointer: childPointer(at, i) }));
      else if (SUBSCHEMA_MAP.has(keyword) && value && typeof value === 'object') {
        for (const [name, v] of Object.entries(value)) stack.push({ schema: v, pointer: childPointer(at, name) });
      }
    }
  }
  return out.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

export interface UnsupportedKeyword {
  /** JSON pointer into the schema. */
  pointer: string;
  keyword: string;
  /** Why, in English (for the checker's message). */
  reason: string;
}

/**
 * Every place in a form schema that uses a keyword, format or `$ref` forms do not support,
 * as values (the checker turns them into errors). Ajv runs with `strict: false`, so without
 * this an unknown keyword, e.g. the typo `minLenght`, or an unknown format is ignored in
 * silence. Pure; runs in the browser too.
 *
 * ### Examples
 * ```ts
 * unsupportedFormKeywords({ type: 'object', properties: { name: { type: 'string', minLenght: 1 } } })
 * // → [{ pointer: '/properties/name/minLenght', keyword: 'minLenght', reason: 'unknown keyword: …' }]
 * ```
 */
export function unsupportedFormKeywords(schema: unknown): UnsupportedKeyword[] {
  const out: UnsupportedKeyword[] = [];
  for (const { pointer, keyword, value, schemaPointer } of schemaKeywords(schema)) {
    const add = (reason: string, at = pointer) => out.push({ pointer: at, keyword, reason });
    if (Object.hasOwn(UNSUPPORTED_FORM_KEYWORDS, keyword)) add(UNSUPPORTED_FORM_KEYWORDS[keyword]!);
    else if (!FORM_KEYWORDS.has(keyword)) add('unknown keyword: Ajv ignores it (strict: false), so it checks nothing; a typo?');
    else if (keyword === '$schema' && (schemaPointer !== '' || value !== SCHEMA_2020)) add(`only "${SCHEMA_2020}", at the root of a form`);
    else if (keyword === '$ref' && !(typeof value === 'string' && value.startsWith('#'))) add('only a $ref within the form ("#/$defs/…", "#anchor"): a form is self-contained and nothing loads other schemas');
    else if (keyword === 'format' && !(typeof value === 'string' && FORM_FORMATS.has(value))) add(`format ${JSON.stringify(value)} is not one of ${[...FORM_FORMATS].join(', ')} (Ajv ignores an unknown format in silence)`);
    else if (keyword === 'items' && Array.isArray(value)) add('items as a list is draft-07; write prefixItems');
    // Ajv skips `properties.__proto__` when it generates code (required, dependent* and
    // additionalProperties do see an own __proto__ key: own-properties.json).
    else if (keyword === 'properties' && value && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
      add('a property named __proto__: Ajv drops its subschema in silence, so nothing would check the field', childPointer(pointer, '__proto__'));
    }
  }
  return out;
}
