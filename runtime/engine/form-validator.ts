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
import { lineBreakErrors } from './text-input.ts';

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

/** Compile a form schema; throws Ajv's error when the schema itself is invalid. Line breaks in single-line fields are errors too (text-input.ts). */
export function compileForm(ajv: Ajv2020, schema: JsonSchema): FormValidator {
  const validate: ValidateFunction = ajv.compile(schema);
  return (data) => [...(validate(data) ? [] : toFieldErrors(validate.errors ?? [], schema)), ...lineBreakErrors(schema, data)];
}

// ---------------------------------------------------------------- errors in words

const isObject = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A schema and the schemas that add to it in place: allOf / anyOf / oneOf / then / else branches and local `$ref`s. */
function withBranches(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 8) return [s];
  const out: JsonSchema[] = [s];
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/$defs/')) {
    const defs = root.$defs;
    const name = decodeURIComponent(s.$ref.slice('#/$defs/'.length)).replace(/~1/g, '/').replace(/~0/g, '~');
    if (isObject(defs) && Object.hasOwn(defs, name) && isObject(defs[name])) out.push(...withBranches(root, defs[name] as JsonSchema, depth + 1));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const b of list) if (isObject(b) && !Object.hasOwn(b, 'const')) out.push(...withBranches(root, b, depth + 1));
  }
  for (const key of ['then', 'else'] as const) if (isObject(s[key])) out.push(...withBranches(root, s[key] as JsonSchema, depth + 1));
  return out;
}

/** The schemas describing the value at an instance pointer (`/commitments/0/item`), most specific first. */
function schemasAt(root: JsonSchema, pointer: string): JsonSchema[] {
  let here: JsonSchema[] = [root];
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const token of tokens) {
    const next: JsonSchema[] = [];
    for (const s of here.flatMap((x) => withBranches(root, x))) {
      const props = s.properties;
      if (isObject(props) && Object.hasOwn(props, token) && isObject(props[token])) next.push(props[token] as JsonSchema);
      if (/^\d+$/.test(token)) {
        const prefix = s.prefixItems;
        if (Array.isArray(prefix) && isObject(prefix[Number(token)])) next.push(prefix[Number(token)] as JsonSchema);
        if (isObject(s.items)) next.push(s.items);
      }
    }
    here = next;
    if (here.length === 0) return [];
  }
  return here.flatMap((x) => withBranches(root, x));
}

interface FieldWords {
  zh: string;
  en: string;
  /** How one answers it: fill in a text, choose an option, tick a box. */
  answer: 'fill' | 'choose' | 'tick';
}

/** The field at `pointer` as people call it: its title (English: `x-ui.label_en` / `title_en`), and a row number inside a list. */
function fieldWords(root: JsonSchema, pointer: string): FieldWords | null {
  const schemas = schemasAt(root, pointer);
  const titled = schemas.find((s) => typeof s.title === 'string' && s.title !== '');
  if (!titled) return null;
  const ui = isObject(titled['x-ui']) ? (titled['x-ui'] as { label_en?: unknown }) : {};
  const en = typeof ui.label_en === 'string' ? ui.label_en : typeof titled.title_en === 'string' ? titled.title_en : (titled.title as string);
  const rows = pointer.split('/').filter((t) => /^\d+$/.test(t)).map((t) => Number(t) + 1);
  const row = rows.length > 0 ? rows[rows.length - 1] : undefined;
  const isTick = schemas.some((s) => s.type === 'boolean' || s.const === true);
  const isChoice = schemas.some((s) => Array.isArray(s.enum) || (Array.isArray(s.oneOf) && s.oneOf.every((o) => isObject(o) && Object.hasOwn(o, 'const'))) || (isObject(s['x-ui']) && typeof (s['x-ui'] as { widget?: unknown }).widget === 'string' && /picker$/.test((s['x-ui'] as { widget: string }).widget)));
  return {
    zh: row === undefined ? `「${titled.title as string}」` : `第 ${row} 项的「${titled.title as string}」`,
    en: row === undefined ? `"${en}"` : `"${en}" in item ${row}`,
    answer: isTick ? 'tick' : isChoice ? 'choose' : 'fill',
  };
}

const ASK: Record<FieldWords['answer'], { zh: string; en: string }> = {
  fill: { zh: '请填写', en: 'Please fill in' },
  choose: { zh: '请选择', en: 'Please choose' },
  tick: { zh: '请勾选', en: 'Please tick' },
};

/** The error in words: "请填写「不满意原因」", "「文号」不能超过 50 个字"; "此项…" for a field without a title. */
function describe(e: ErrorObject, root: JsonSchema): { pointer: string; zh: string; en: string } {
  const p = e.params as Record<string, unknown>;
  const at = (pointer: string) => fieldWords(root, pointer);
  const field = (pointer: string, zh: string, en: string) => {
    const f = at(pointer);
    return { pointer, zh: f ? `${f.zh}${zh}` : `此项${zh}`, en: f ? `${f.en} ${en}` : `This field ${en}` };
  };
  switch (e.keyword) {
    case 'required': {
      const pointer = childPointer(e.instancePath, String(p.missingProperty));
      const f = at(pointer);
      if (!f) return { pointer, zh: '请填写此项', en: 'Please fill in this field' };
      return { pointer, zh: `${ASK[f.answer].zh}${f.zh}`, en: `${ASK[f.answer].en} ${f.en}` };
    }
    case 'dependentRequired': {
      const pointer = childPointer(e.instancePath, String(p.missingProperty));
      const f = at(pointer);
      const given = at(childPointer(e.instancePath, String(p.property)));
      const zhGiven = given?.zh ?? `「${String(p.property)}」`;
      const enGiven = given?.en ?? `"${String(p.property)}"`;
      return f
        ? { pointer, zh: `${zhGiven}已填写，${ASK[f.answer].zh}${f.zh}`, en: `${ASK[f.answer].en} ${f.en} when ${enGiven} is given` }
        : { pointer, zh: `${zhGiven}已填写，此项必填`, en: `This field is required when ${enGiven} is given` };
    }
    case 'const':
      if (p.allowedValue === true) {
        const f = at(e.instancePath);
        return { pointer: e.instancePath, zh: f ? `请勾选${f.zh}` : '请勾选此项', en: f ? `Please tick ${f.en}` : 'Please tick this box' };
      }
      return field(e.instancePath, '的取值不在允许范围内', 'is not one of the allowed values');
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return { pointer: childPointer(e.instancePath, prop), zh: '表单中没有此项，不能提交', en: 'is not a field of this form' };
    }
    case 'type':
      return field(e.instancePath, '的填写方式不对', 'has the wrong kind of value');
    case 'maxLength':
      return field(e.instancePath, `不能超过 ${String(p.limit)} 个字`, `must be at most ${String(p.limit)} characters`);
    case 'minLength':
      return Number(p.limit) <= 1
        ? field(e.instancePath, '不能为空', 'must not be empty')
        : field(e.instancePath, `至少 ${String(p.limit)} 个字`, `must be at least ${String(p.limit)} characters`);
    case 'minItems':
      return field(e.instancePath, `至少要有 ${String(p.limit)} 项`, `needs at least ${String(p.limit)} items`);
    case 'maxItems':
      return field(e.instancePath, `最多 ${String(p.limit)} 项`, `may have at most ${String(p.limit)} items`);
    case 'minimum':
    case 'exclusiveMinimum':
      return field(e.instancePath, `应${e.keyword === 'minimum' ? '不小于' : '大于'} ${String(p.limit)}`, `must be ${String(p.comparison)} ${String(p.limit)}`);
    case 'maximum':
    case 'exclusiveMaximum':
      return field(e.instancePath, `应${e.keyword === 'maximum' ? '不大于' : '小于'} ${String(p.limit)}`, `must be ${String(p.comparison)} ${String(p.limit)}`);
    case 'format': {
      const shape: Record<string, [string, string]> = {
        date: ['应为日期，如 2026-03-02', 'must be a date such as 2026-03-02'],
        'date-time': ['应为日期和时间', 'must be a date and time'],
        time: ['应为时间，如 14:05', 'must be a time such as 14:05'],
        email: ['应为电子邮箱地址', 'must be an email address'],
        uri: ['应为网址', 'must be a web address'],
        uuid: ['格式不正确', 'has the wrong format'],
      };
      const [zh, en] = shape[String(p.format)] ?? ['格式不正确', 'has the wrong format'];
      return field(e.instancePath, zh, en);
    }
    case 'enum':
    case 'oneOf':
    case 'anyOf':
      return field(e.instancePath, '的取值不在允许范围内', 'is not one of the allowed values');
    case 'uniqueItems':
      return field(e.instancePath, '不能有重复项', 'must not contain duplicates');
    case 'pattern':
      return field(e.instancePath, '格式不正确', 'has the wrong format');
    default:
      return field(e.instancePath, '的取值无效', 'is invalid');
  }
}

/**
 * Ajv's errors as field errors in words, each naming its field by title (`root` is the form,
 * so a requirement added by `if/then` names the field too, not a bare 必填). Ajv reports an
 * enum written as `oneOf` of `const`s once per branch, and `if/then` once more: keep one
 * error per pointer and meaning.
 */
export function toFieldErrors(errors: ErrorObject[], root: JsonSchema = {}): FieldError[] {
  const combinators = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (combinators.has(e.instancePath) && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) continue;
    const d = describe(e, root);
    const key = `${d.pointer}|${d.zh}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: d.pointer || '/', message: d.zh, message_en: d.en, keyword: e.keyword });
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
