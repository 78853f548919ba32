/**
 * Every form of every process package under definitions/ is a well-formed, bilingual JSON
 * Schema 2020-12 that Ajv compiles in strict mode, and the suggestion forms accept and
 * refuse the data DOMAIN.md says they should (§2.8, sample data §9.3).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { readPackageDir } from '../../runtime/definition-files.ts';

// ajv-formats is CommonJS; under Node's ESM interop the plugin may arrive as `default`.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => void;

const DEFINITIONS = fileURLToPath(new URL('../../definitions/', import.meta.url));
const SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';
const HAS_CHINESE = /[\u4e00-\u9fff]/;

type Schema = Record<string, unknown>;

interface FormFile {
  pkg: string;
  name: string;
  path: string;
  schema: Schema;
}

function readJson(file: string): Schema {
  return JSON.parse(readFileSync(file, 'utf8')) as Schema;
}

function packageDirs(): string[] {
  return readdirSync(DEFINITIONS)
    .filter((d) => existsSync(join(DEFINITIONS, d, 'process.json')))
    .sort();
}

/** Each form as its package reads it: choices a taxonomy setting derives (办理结果分类) written in. */
function formFiles(): FormFile[] {
  return packageDirs().flatMap((pkg) => {
    const forms = readJson(join(DEFINITIONS, pkg, 'process.json')).forms as Record<string, string>;
    const read = readPackageDir(join(DEFINITIONS, pkg)).forms as Record<string, Schema>;
    return Object.entries(forms).map(([name, path]) => ({
      pkg,
      name,
      path: join(DEFINITIONS, pkg, path),
      schema: read[name] as Schema,
    }));
  });
}

function createAjv(): Ajv2020 {
  // strict: unknown keywords, ignored keywords and ambiguous types are errors, not silence.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: true, strictRequired: false });
  addFormats(ajv);
  ajv.addKeyword('x-ui');
  return ajv;
}

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>();
function validator(pkg: string, form: string): ValidateFunction {
  const key = `${pkg}/${form}`;
  let v = validators.get(key);
  if (!v) {
    const file = formFiles().find((f) => f.pkg === pkg && f.name === form);
    if (!file) throw new Error(`no form ${key}`);
    v = ajv.compile(file.schema);
    validators.set(key, v);
  }
  return v;
}

/** Property schemas of a form, nested objects and array items included, with their JSON path. */
function fields(schema: Schema, at = ''): Array<{ path: string; schema: Schema }> {
  const out: Array<{ path: string; schema: Schema }> = [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, prop] of Object.entries(props)) {
    out.push({ path: `${at}/${name}`, schema: prop });
    out.push(...fields(prop, `${at}/${name}`));
    const items = prop.items as Schema | undefined;
    if (items?.type === 'object') out.push(...fields(items, `${at}/${name}/items`));
  }
  return out;
}

function enumOptions(schema: Schema): Schema[] {
  const own = Array.isArray(schema.oneOf) ? (schema.oneOf as Schema[]) : [];
  const items = schema.items as Schema | undefined;
  return [...own, ...(items && Array.isArray(items.oneOf) ? (items.oneOf as Schema[]) : [])];
}

describe('form schemas of every package', () => {
  const files = formFiles();

  it('finds the suggestion packages and their forms', () => {
    expect(packageDirs()).toEqual(expect.arrayContaining(['suggestion', 'suggestion-assignment']));
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files.map((f) => [`${f.pkg}/${f.name}`, f] as const))('%s compiles with Ajv 2020 (strict)', (_, f) => {
    expect(() => ajv.compile(f.schema)).not.toThrow();
  });

  it.each(files.map((f) => [`${f.pkg}/${f.name}`, f] as const))('%s is a closed, bilingual object schema', (_, f) => {
    const s = f.schema;
    expect(s.$schema).toBe(SCHEMA_2020);
    expect(s.type).toBe('object');
    expect(s.additionalProperties).toBe(false);
    expect(s.title).toMatch(HAS_CHINESE);
    expect((s['x-ui'] as Schema | undefined)?.label_en).toEqual(expect.any(String));
    for (const field of fields(s)) {
      expect(field.schema.title, `${f.name}${field.path} title`).toMatch(HAS_CHINESE);
      expect((field.schema['x-ui'] as Schema | undefined)?.label_en, `${f.name}${field.path} label_en`).toEqual(expect.any(String));
      for (const option of enumOptions(field.schema)) {
        expect(option.const, `${f.name}${field.path} option`).toEqual(expect.any(String));
        expect(option.title, `${f.name}${field.path} ${String(option.const)}`).toMatch(HAS_CHINESE);
        expect((option['x-ui'] as Schema | undefined)?.label_en).toEqual(expect.any(String));
      }
    }
    for (const required of (s.required ?? []) as string[]) {
      expect(Object.keys(s.properties as Schema), `${f.name} requires ${required}`).toContain(required);
    }
  });

  it('every task outcome and the start form name a form of its package', () => {
    for (const pkg of packageDirs()) {
      const def = readJson(join(DEFINITIONS, pkg, 'process.json'));
      const forms = new Set(Object.keys(def.forms as Schema));
      const start = def.start as { form: string } | undefined;
      if (start) expect(forms, `${pkg} start`).toContain(start.form);
      const visit = (state: Schema, path: string) => {
        const task = (state.meta as Schema | undefined)?.task as { outcomes: Record<string, string | null> } | undefined;
        for (const [event, form] of Object.entries(task?.outcomes ?? {})) {
          if (form !== null) expect(forms, `${pkg} ${path} ${event}`).toContain(form);
        }
        for (const [key, child] of Object.entries((state.states ?? {}) as Record<string, Schema>)) visit(child, `${path}.${key}`);
      };
      visit(def.machine as Schema, pkg);
    }
  });
});

describe('suggestion forms (DOMAIN §2.8)', () => {
  const valid = (pkg: string, form: string, data: unknown) => {
    const v = validator(pkg, form);
    return { ok: v(data), errors: v.errors ?? [] };
  };

  // DOMAIN §9.3 fixture 1: Changshu 2024 key item, lead unit 卫健委, assist 财政局/教育局.
  const aed = {
    title: '关于进一步完善公共场所AED配备及使用管理的建议',
    body: '目前我市公共场所AED配备数量不足、分布不均，群众不会用、不敢用。建议：一是制定配置规划，优先覆盖学校、车站、体育场馆；二是加强培训；三是建立维护管理制度。',
    origin: 'SESSION',
    leadDeputyId: 'demo-deputy1',
    coSignerIds: ['demo-deputy2', 'demo-deputy3'],
    delegationId: 'delegation-yushan',
    sourceCode: 'RESEARCH',
    suggestedUnits: ['unit-health', 'unit-finance', 'unit-education'],
    preSubmissionContact: { contacted: true, note: '已与市卫健委沟通' },
    confidential: false,
    agreePublish: true,
  };

  it('accepts the AED suggestion (§9.3)', () => {
    expect(valid('suggestion', 'suggestion', aed)).toEqual({ ok: true, errors: [] });
  });

  it('accepts the minimal suggestion used in the README', () => {
    const minimal = { title: aed.title, body: '……', origin: 'SESSION', leadDeputyId: 'demo-deputy1', coSignerIds: ['demo-deputy2'], sourceCode: 'RESEARCH' };
    expect(valid('suggestion', 'suggestion', minimal).ok).toBe(true);
  });

  it('refuses a suggestion with a missing title, a title over 60 characters, an unknown origin or an unknown field', () => {
    const { title: _, ...untitled } = aed;
    expect(valid('suggestion', 'suggestion', untitled).ok).toBe(false);
    expect(valid('suggestion', 'suggestion', { ...aed, title: '关'.repeat(61) }).ok).toBe(false);
    expect(valid('suggestion', 'suggestion', { ...aed, origin: 'MOTION' }).ok).toBe(false);
    const extra = valid('suggestion', 'suggestion', { ...aed, priority: 'high' });
    expect(extra.ok).toBe(false);
    expect(extra.errors.map((e) => e.keyword)).toContain('additionalProperties');
  });

  const feedback = { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' };

  it('accepts a satisfied feedback without comments', () => {
    expect(valid('suggestion-assignment', 'feedback', feedback).ok).toBe(true);
  });

  it('refuses an UNSATISFIED feedback without comments, accepts it with comments', () => {
    const unsatisfied = { ...feedback, resultSatisfaction: 'UNSATISFIED' };
    const r = valid('suggestion-assignment', 'feedback', unsatisfied);
    expect(r.ok).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'comments' } }));
    expect(valid('suggestion-assignment', 'feedback', { ...unsatisfied, comments: '配置进度慢，请重新办理', requestRehandle: true }).ok).toBe(true);
  });

  const answer = {
    resultCode: 'A',
    body: '已在全市公共场所新增配置AED 420台，并开展急救培训。',
    contactPerson: '王明',
    contactPhone: '0512-52001234',
    sealed: true,
    ccOffices: ['deputy-affairs-office'],
    publishable: true,
  };

  it('accepts an answer with result A and refuses result E', () => {
    expect(valid('suggestion-assignment', 'answer', answer).ok).toBe(true);
    const r = valid('suggestion-assignment', 'answer', { ...answer, resultCode: 'E' });
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => e.instancePath === '/resultCode')).toBe(true);
  });

  it('requires commitments for a B or C answer', () => {
    expect(valid('suggestion-assignment', 'answer', { ...answer, resultCode: 'B' }).ok).toBe(false);
    expect(
      valid('suggestion-assignment', 'answer', { ...answer, resultCode: 'B', commitments: [{ text: '年内完成二期配置', dueDate: '2024-12-31' }] }).ok,
    ).toBe(true);
  });

  it('requires a reason when screening does not accept', () => {
    expect(valid('suggestion', 'registration', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' }).ok).toBe(true);
    expect(valid('suggestion', 'registration', { categoryCode: 'OTHER', screeningResult: 'RETURN' }).ok).toBe(false);
    expect(valid('suggestion', 'registration', { categoryCode: 'OTHER', screeningResult: 'RETURN', screeningReason: '一事一议' }).ok).toBe(true);
  });

  it('requires the units that the handling mode needs', () => {
    const base = { viaGovOffice: true, supervisionLevel: 'KEY_CHAIR' };
    expect(valid('suggestion', 'assignment', { ...base, mode: 'LEAD_ASSIST', leadUnitId: 'unit-health', assistUnitIds: ['unit-finance', 'unit-education'] }).ok).toBe(true);
    expect(valid('suggestion', 'assignment', { ...base, mode: 'LEAD_ASSIST', leadUnitId: 'unit-health' }).ok).toBe(false);
    expect(valid('suggestion', 'assignment', { ...base, mode: 'SINGLE' }).ok).toBe(false);
    expect(valid('suggestion', 'assignment', { ...base, mode: 'SEPARATE', separateUnitIds: [] }).ok).toBe(false);
    expect(valid('suggestion', 'assignment', { ...base, mode: 'SEPARATE', separateUnitIds: ['unit-transport', 'unit-town'] }).ok).toBe(true);
  });

  it('checks dates and the redirect channel', () => {
    expect(valid('suggestion-assignment', 'extensionRequest', { reason: '需协调资金', newDueAt: '2026-08-31' }).ok).toBe(true);
    expect(valid('suggestion-assignment', 'extensionRequest', { reason: '需协调资金', newDueAt: '31/08/2026' }).ok).toBe(false);
    expect(valid('suggestion', 'redirect', { channel: 'PETITION', reason: '个人诉求，转信访部门' }).ok).toBe(true);
    expect(valid('suggestion', 'redirect', { channel: 'OTHER', reason: '转劳动仲裁' }).ok).toBe(false);
  });
});

describe('the livelihood domain list (领域)', () => {
  // Three forms offer it: the public call for ideas, the idea a deputies' station passes on, and the
  // candidates table the government submits. One list: a candidate's 领域 reads as the idea's did.
  it('is the same codes and titles in every form that offers it', () => {
    const domainOf = (file: string, pointer: string[]) => {
      let node: unknown = readJson(join(DEFINITIONS, file));
      for (const key of pointer) node = (node as Schema)[key];
      return (node as Schema).oneOf;
    };
    const idea = domainOf('livelihood-vote/forms/idea.schema.json', ['properties', 'domain']);
    expect(Array.isArray(idea) && idea.length).toBeGreaterThan(5);
    expect(domainOf('livelihood-vote/forms/candidates.schema.json', ['properties', 'candidates', 'items', 'properties', 'domain'])).toEqual(idea);
    expect(domainOf('constituent-issue/forms/livelihoodIdea.schema.json', ['properties', 'domain'])).toEqual(idea);
  });
});
