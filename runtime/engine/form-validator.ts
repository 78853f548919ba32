/**
 * Form validation with Ajv (draft 2020-12): the server's validator, the authority on every
 * submission. Validators are compiled once per definition version (see compile.ts) and
 * reused; every field error carries a JSON pointer and a message in Chinese and English
 * (form-errors.ts), so the designer and the server report the same thing.
 *
 * Ajv compiles a schema into a function with `Function()`, which the app's CSP forbids
 * (no 'unsafe-eval', server/security-headers.ts). So this module never reaches the browser:
 * the browser build (designer/vite.config.ts) resolves it to form-validator-interpreted.ts,
 * which exports the same names on @cfworker/json-schema, and
 * test/engine/form-validator-agreement.test.ts holds the two to the same verdicts and fields.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FieldError } from '../errors.ts';
import type { JsonSchema } from './types.ts';
import { lineBreakErrors } from './text-input.ts';
import { toFieldErrors, type FormErrorObject, type FormValidator } from './form-errors.ts';

export { toFieldErrors, type FormErrorObject, type FormValidator } from './form-errors.ts';
export * from './form-keywords.ts';

// ajv-formats is CommonJS; its plugin arrives as `default` under Node's ESM interop.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv2020) => void;

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
  return (data) => {
    let valid: boolean;
    try {
      valid = validate(data) as boolean;
    } catch (err) {
      // Ajv compares objects (enum, const, uniqueItems of objects) with fast-deep-equal, which
      // calls the data's own `valueOf` / `toString` when it has them: `{"valueOf": {}}` threw a
      // TypeError here, an HTTP 500. Such data is refused as a whole instead (the browser's
      // validator refuses it at the field; test/engine/form-validator-agreement.test.ts).
      if (err instanceof TypeError) return [UNCOMPARABLE];
      throw err;
    }
    return [...(valid ? [] : toFieldErrors((validate.errors ?? []) as FormErrorObject[], schema)), ...lineBreakErrors(schema, data)];
  };
}

/** The one error for data Ajv cannot compare (an object with its own `valueOf` or `toString`). */
const UNCOMPARABLE: FieldError = {
  pointer: '',
  keyword: 'uncomparable',
  message: '提交的数据无法核对：对象中不能有名为 valueOf 或 toString 的键',
  message_en: 'The data cannot be checked: an object may not have a key named valueOf or toString',
};
