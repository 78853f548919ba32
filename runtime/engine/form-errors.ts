/**
 * Form errors in words: a validator's errors (Ajv's, or the interpreted validator's mapped to
 * Ajv's shape) as field errors, each naming its field by title with a JSON pointer and a
 * message in Chinese and English. Pure, no validator here: the server (form-validator.ts,
 * Ajv) and the browser (form-validator-interpreted.ts) word errors with this one function.
 */
import type { FieldError } from '../errors.ts';
import { childPointer } from '../json-pointer.ts';
import type { JsonSchema } from './types.ts';

/** A compiled form: the field errors of a value, none when it is valid. */
export type FormValidator = (data: unknown) => FieldError[];

/** What `toFieldErrors` reads of an error: the fields of Ajv's `ErrorObject` it uses. */
export interface FormErrorObject {
  keyword: string;
  /** JSON pointer of the value in error (Ajv's `instancePath`). */
  instancePath: string;
  /** URI fragment of the schema keyword (`#/properties/a/oneOf/0/const`). */
  schemaPath: string;
  params: Record<string, unknown>;
  /** Inside `propertyNames`: the property name that was checked. */
  propertyName?: string;
  message?: string;
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
function describe(e: FormErrorObject, root: JsonSchema): { pointer: string; zh: string; en: string } {
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
export function toFieldErrors(errors: FormErrorObject[], root: JsonSchema = {}): FieldError[] {
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
