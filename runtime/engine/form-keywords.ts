/**
 * The JSON Schema keywords and formats a form may use, and a walk over a schema's keywords.
 * Pure, no validator here: the checker runs it in the server and in the browser alike.
 */
import { childPointer } from '../json-pointer.ts';

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
