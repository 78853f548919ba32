/**
 * The form conformance corpus (test/conformance/forms/*.json, in the shape of the
 * JSON-Schema-Test-Suite: `[{description, schema, tests: [{description, data, valid}]}]`),
 * run through the project's own validator exactly as a definition is compiled:
 * `compileForm(createAjv(), schema)`, valid ⇔ no field errors.
 *
 * It also holds the corpus to its purpose: every keyword and format a form may use
 * (FORM_KEYWORDS, FORM_FORMATS) has cases, every keyword and format the shipped forms use
 * is among them, and no corpus schema uses what forms do not support.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPackages } from '../../runtime/definition-files.ts';
import { compileForm, createAjv, FORM_FORMATS, FORM_KEYWORDS, schemaKeywords, UNSUPPORTED_FORM_KEYWORDS, unsupportedFormKeywords } from '../../runtime/engine/form-validator.ts';
import type { FieldError } from '../../runtime/errors.ts';

interface CorpusCase {
  description: string;
  data: unknown;
  valid: boolean;
}
interface CorpusGroup {
  description: string;
  schema: unknown;
  tests: CorpusCase[];
}

const CORPUS = fileURLToPath(new URL('./forms/', import.meta.url));
const DEFINITIONS = fileURLToPath(new URL('../../definitions/', import.meta.url));

const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, groups: JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as CorpusGroup[] }));

interface Outcome {
  where: string;
  expected: boolean;
  errors: FieldError[];
}

// Run at collection time so that the test names can carry the counts.
const outcomes: Outcome[] = files.flatMap(({ file, groups }) =>
  groups.flatMap((group) => {
    const validate = compileForm(createAjv(), group.schema as Parameters<typeof compileForm>[1]);
    return group.tests.map((t) => ({ where: `${file} › ${group.description} › ${t.description}`, expected: t.valid, errors: validate(t.data) }));
  }),
);
const passed = outcomes.filter((o) => o.expected === (o.errors.length === 0));

const keywordsOf = (schemas: unknown[]) => new Set(schemas.flatMap((s) => schemaKeywords(s).map((k) => k.keyword)));
const formatsOf = (schemas: unknown[]) =>
  new Set(schemas.flatMap((s) => schemaKeywords(s).filter((k) => k.keyword === 'format').map((k) => String(k.value))));

const corpusSchemas = files.flatMap(({ groups }) => groups.map((g) => g.schema));
const corpusKeywords = keywordsOf(corpusSchemas);
const corpusFormats = formatsOf(corpusSchemas);

/** Every form the repository ships: package forms (files and inline) and the overlays' forms. */
function shippedForms(): Array<{ where: string; schema: unknown }> {
  const out = readPackages().flatMap((pkg) => Object.entries(pkg.forms).map(([name, schema]) => ({ where: `${pkg.id}/${name}`, schema: schema as unknown })));
  for (const dir of readdirSync(DEFINITIONS)) {
    let overlays: string[] = [];
    try {
      overlays = readdirSync(join(DEFINITIONS, dir, 'overlays'));
    } catch {
      continue;
    }
    for (const file of overlays.filter((f) => f.endsWith('.json'))) {
      const overlay = JSON.parse(readFileSync(join(DEFINITIONS, dir, 'overlays', file), 'utf8')) as { forms?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(overlay.forms ?? {})) {
        // An overlay form is a merge patch over the base form (or null to delete it); its keywords are what counts here.
        if (schema && typeof schema === 'object') out.push({ where: `${dir}/overlays/${file} ${name}`, schema });
      }
    }
  }
  return out;
}

describe(`form cases: ${passed.length} of ${outcomes.length} (keywords: ${[...corpusKeywords].sort().join(', ')}; formats: ${[...corpusFormats].sort().join(', ')})`, () => {
  for (const { file, groups } of files) {
    const mine = outcomes.filter((o) => o.where.startsWith(`${file} ›`));
    const ok = mine.filter((o) => o.expected === (o.errors.length === 0)).length;
    it(`${file}: ${ok} of ${mine.length} in ${groups.length} schemas`, () => {
      const wrong = mine.filter((o) => o.expected !== (o.errors.length === 0)).map((o) => `${o.where}: expected ${o.expected ? 'valid' : 'invalid'}, got ${JSON.stringify(o.errors)}`);
      expect(wrong).toEqual([]);
    });
  }

  it('every refusal is reported as field errors with a pointer and both messages', () => {
    for (const o of outcomes.filter((x) => !x.expected)) {
      for (const e of o.errors) {
        expect(e.pointer, o.where).toMatch(/^\//);
        expect(e.message, o.where).not.toBe('');
        expect(e.message_en, o.where).not.toBe('');
      }
    }
  });
});

describe('the corpus covers what forms use', () => {
  const shipped = shippedForms();

  it(`every supported keyword (${FORM_KEYWORDS.size}) and format (${FORM_FORMATS.size}) has cases`, () => {
    expect([...FORM_KEYWORDS].filter((k) => !corpusKeywords.has(k))).toEqual([]);
    expect([...FORM_FORMATS].filter((f) => !corpusFormats.has(f))).toEqual([]);
  });

  it(`every keyword and format of the ${shipped.length} shipped forms has cases`, () => {
    const schemas = shipped.map((f) => f.schema);
    expect([...keywordsOf(schemas)].filter((k) => !corpusKeywords.has(k))).toEqual([]);
    expect([...formatsOf(schemas)].filter((f) => !corpusFormats.has(f))).toEqual([]);
  });

  it('the shipped forms and the corpus use only supported keywords', () => {
    const problems = [...shipped, ...corpusSchemas.map((schema, i) => ({ where: `corpus schema ${i}`, schema }))].flatMap((f) =>
      unsupportedFormKeywords(f.schema).map((u) => `${f.where} ${u.pointer}: ${u.reason}`),
    );
    expect(problems).toEqual([]);
  });
});

describe('definitions/README.md lists what forms may and may not use', () => {
  const readme = readFileSync(join(DEFINITIONS, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Form schemas'), readme.indexOf('## County overlays'));

  it('names every supported keyword and format, and every unsupported keyword', () => {
    const named = (word: string) => section.includes(`\`${word}\``);
    expect([...FORM_KEYWORDS, ...FORM_FORMATS, ...Object.keys(UNSUPPORTED_FORM_KEYWORDS)].filter((w) => !named(w))).toEqual([]);
  });
});
