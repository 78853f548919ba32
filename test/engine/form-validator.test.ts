/**
 * createAjv()'s options and the keywords forms do not support (runtime/engine/form-validator.ts,
 * definitions/README.md "Keywords forms do not support"): each reason below is a behaviour of
 * Ajv measured here, and `unsupportedFormKeywords` finds each use with its pointer.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compileForm, createAjv, unsupportedFormKeywords } from '../../runtime/engine/form-validator.ts';
import type { JsonSchema } from '../../runtime/engine/index.ts';

const schema = (json: string) => JSON.parse(json) as JsonSchema;
const valid = (s: JsonSchema, data: unknown) => compileForm(createAjv(), s)(data).length === 0;
const pointers = (s: unknown) => unsupportedFormKeywords(s).map((u) => `${u.pointer} ${u.keyword}`);

describe('createAjv', () => {
  it('checks own properties only: the own-properties corpus fails without the option', () => {
    const corpus = JSON.parse(readFileSync(new URL('../conformance/forms/own-properties.json', import.meta.url), 'utf8')) as Array<{ schema: JsonSchema; tests: Array<{ data: unknown; valid: boolean }> }>;
    const wrongWith = (ajv: Ajv2020) =>
      corpus.flatMap((g) => {
        const validate = ajv.compile(g.schema);
        return g.tests.filter((t) => validate(t.data) !== t.valid);
      }).length;
    expect(wrongWith(createAjv())).toBe(0);
    // The same options but Ajv's default: `{}` satisfies required constructor/toString/…/__proto__.
    expect(wrongWith(new Ajv2020({ allErrors: true, strict: false }))).toBeGreaterThanOrEqual(10);
  });

  it('reports a missing dependentRequired field at its own pointer', () => {
    const errors = compileForm(createAjv(), schema('{"properties":{"contactName":{"title":"联系人"}},"dependentRequired":{"phone":["contactName"]}}'))({ phone: '1' });
    expect(errors).toEqual([{ pointer: '/contactName', message: '「phone」已填写，请填写「联系人」', message_en: 'Please fill in "联系人" when "phone" is given', keyword: 'dependentRequired' }]);
  });

  it('names the field in words, for a requirement an if/then adds too, in Chinese and English', () => {
    const form = schema(`{
      "type": "object",
      "properties": {
        "satisfaction": { "title": "评价", "oneOf": [{ "const": "OK", "title": "满意" }, { "const": "NO", "title": "不满意" }] },
        "reason": { "type": "string", "title": "不满意原因", "minLength": 1, "x-ui": { "label_en": "Reason" } },
        "sealed": { "type": "boolean", "const": true, "title": "已加盖公章", "x-ui": { "label_en": "Official seal affixed" } },
        "items": { "type": "array", "title": "承诺事项", "items": { "type": "object", "required": ["item"], "properties": { "item": { "type": "string", "title": "事项" } } } }
      },
      "required": ["satisfaction", "sealed"],
      "allOf": [{ "if": { "required": ["satisfaction"], "properties": { "satisfaction": { "const": "NO" } } }, "then": { "required": ["reason"] } }]
    }`);
    const errors = compileForm(createAjv(), form)({ satisfaction: 'NO', sealed: false, items: [{}] });
    expect(errors.map((e) => [e.pointer, e.message, e.message_en])).toEqual([
      ['/reason', '请填写「不满意原因」', 'Please fill in "Reason"'],
      ['/sealed', '请勾选「已加盖公章」', 'Please tick "Official seal affixed"'],
      ['/items/0/item', '请填写第 1 项的「事项」', 'Please fill in "事项" in item 1'],
    ]);
    expect(compileForm(createAjv(), form)({}).map((e) => e.message)).toEqual(['请选择「评价」', '请勾选「已加盖公章」']);
  });

  it('escapes a missing property name in the pointer (RFC 6901)', () => {
    expect(compileForm(createAjv(), schema('{"required":["a/b~c"]}'))({}).map((e) => e.pointer)).toEqual(['/a~1b~0c']);
  });
});

describe('unsupportedFormKeywords', () => {
  it('finds nothing in a form written as the README says', () => {
    const form = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      $defs: { id: { $anchor: 'id', type: 'string' } },
      properties: { a: { $ref: '#/$defs/id', 'x-ui': { widget: 'textarea', anything: { $id: 'x' } } }, b: { type: 'array', items: { $ref: '#id' } }, c: { type: 'string', format: 'date' } },
      // data positions are not walked: a const may hold anything
      allOf: [{ if: { properties: { a: { const: { $dynamicRef: '#x', nullable: true } } } }, then: { required: ['b'] } }],
    };
    expect(unsupportedFormKeywords(form)).toEqual([]);
  });

  it('finds each unsupported keyword with its pointer, in subschemas of every kind', () => {
    const form = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/form',
      type: 'object',
      properties: {
        a: { type: 'string', minLenght: 1 },
        b: { type: 'string', nullable: true, format: 'phone' },
        c: { type: 'array', items: [{ type: 'string' }], additionalItems: false },
        d: { $ref: 'https://example.com/other.json' },
        e: { type: 'string', contentEncoding: 'base64', contentMediaType: 'image/png' },
      },
      dependencies: { a: ['b'] },
      definitions: { x: {} },
      $defs: { n: { $dynamicAnchor: 'n' }, r: { $recursiveAnchor: true, $schema: 'https://json-schema.org/draft/2020-12/schema' } },
      allOf: [{ $dynamicRef: '#n' }, { not: { $recursiveRef: '#' } }],
      if: { $vocabulary: {} },
      then: { discriminator: { propertyName: 'kind' } },
      else: { 'x-other': 1 },
    };
    expect(pointers(form)).toEqual([
      '/$defs/n/$dynamicAnchor $dynamicAnchor',
      '/$defs/r/$recursiveAnchor $recursiveAnchor',
      '/$defs/r/$schema $schema',
      '/$id $id',
      '/allOf/0/$dynamicRef $dynamicRef',
      '/allOf/1/not/$recursiveRef $recursiveRef',
      '/definitions definitions',
      '/dependencies dependencies',
      '/else/x-other x-other',
      '/if/$vocabulary $vocabulary',
      '/properties/a/minLenght minLenght',
      '/properties/b/format format',
      '/properties/b/nullable nullable',
      '/properties/c/additionalItems additionalItems',
      '/properties/c/items items',
      '/properties/d/$ref $ref',
      '/properties/e/contentEncoding contentEncoding',
      '/properties/e/contentMediaType contentMediaType',
      '/then/discriminator discriminator',
    ]);
    for (const u of unsupportedFormKeywords(form)) expect(u.reason.length, u.pointer).toBeGreaterThan(10);
  });

  it('accepts only the 2020-12 $schema, at the root', () => {
    expect(pointers({ $schema: 'http://json-schema.org/draft-07/schema#' })).toEqual(['/$schema $schema']);
  });

  it('finds a property named __proto__ and escapes pointers', () => {
    expect(pointers(schema('{"properties":{"__proto__":{"type":"string"},"a/b":{"minLenght":1}}}'))).toEqual(['/properties/__proto__ properties', '/properties/a~1b/minLenght minLenght']);
  });

  it('walks a boolean or non-object schema without complaint', () => {
    expect(unsupportedFormKeywords(true)).toEqual([]);
    expect(unsupportedFormKeywords({ properties: { a: false }, items: true })).toEqual([]);
  });
});

describe('why those keywords are unsupported: what Ajv does with them', () => {
  it('an unknown keyword or format checks nothing', () => {
    expect(valid(schema('{"type":"string","minLenght":5}'), '')).toBe(true);
    const warn = console.warn;
    console.warn = () => {}; // Ajv logs "unknown format … ignored"
    try {
      expect(valid(schema('{"type":"string","format":"phone"}'), 'not a phone')).toBe(true);
    } finally {
      console.warn = warn;
    }
  });

  it('properties.__proto__ is dropped: its subschema checks nothing', () => {
    expect(valid(schema('{"properties":{"__proto__":{"type":"string"}}}'), JSON.parse('{"__proto__":1}'))).toBe(true);
  });

  it('$id: the second form with the same $id in one Ajv does not compile', () => {
    const ajv = createAjv();
    compileForm(ajv, { $id: 'https://example.com/f', type: 'object' });
    expect(() => compileForm(ajv, { $id: 'https://example.com/f', type: 'object', required: ['a'] })).toThrow(/already exists/);
  });

  it('$dynamicRef to a local $dynamicAnchor compiles, then overflows the stack on every validation (a 500 per submission)', () => {
    const validate = compileForm(createAjv(), { $defs: { n: { $dynamicAnchor: 'n', type: 'string' } }, $dynamicRef: '#n' });
    expect(() => validate('a')).toThrow(RangeError);
  });

  it('a $ref out of the form cannot be resolved', () => {
    expect(() => compileForm(createAjv(), { $ref: 'other.json' })).toThrow(/can't resolve reference/);
  });

  it('dependencies (draft-07) is still enforced, where a 2020-12 validator ignores it', () => {
    expect(valid(schema('{"dependencies":{"a":["b"]}}'), { a: 1 })).toBe(false);
  });

  it('nullable (OpenAPI) lets null through a string type', () => {
    expect(valid(schema('{"type":"string","nullable":true}'), null)).toBe(true);
  });

  it('contentEncoding checks nothing', () => {
    expect(valid(schema('{"type":"string","contentEncoding":"base64"}'), '%%% not base64')).toBe(true);
  });
});
