/**
 * Form validation with Ajv (draft 2020-12). Validators are compiled once per definition
 * version (see compile.ts) and reused; every field error carries a JSON pointer and a
 * message in Chinese and English, so the designer and the server report the same thing.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FieldError } from '../errors.ts';
import type { JsonSchema } from './types.ts';

// ajv-formats is CommonJS; its plugin arrives as `default` under Node's ESM interop.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => void;

export type FormValidator = (data: unknown) => FieldError[];

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
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
      return { pointer: `${e.instancePath}/${prop}`, zh: '必填', en: 'is required', title: fieldTitle(e.parentSchema, prop) };
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      return { pointer: `${e.instancePath}/${prop}`, zh: '不允许的字段', en: 'is not an allowed field' };
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
