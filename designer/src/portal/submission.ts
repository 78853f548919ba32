/**
 * Sending a form: busy while it goes, and the server's answer sorted into field errors (pinned
 * to their fields by the form renderer) or one message.
 */
import { createSignal } from 'solid-js';
import { ERROR_CODES, isErrorCode } from '../../../runtime/error-codes.ts';
import { ApiError } from '../api.ts';
import type { FieldError } from '../api-types.ts';
import { lang } from '../i18n.ts';

const CJK = /[\u4e00-\u9fff]/;

/**
 * What a person reads when the server refuses: words, never the code or the status. The
 * server's own message when it is written in the reader's language ("中文 / English" messages
 * are split), else the error catalogue's words for the code (runtime/error-codes.ts).
 */
export function apiErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  const [first = '', second] = err.message.split(' / ');
  const words = isErrorCode(err.code) ? ERROR_CODES[err.code] : null;
  if (lang() === 'zh') return CJK.test(first) ? first : words?.zh ?? err.message;
  if (second !== undefined && CJK.test(first)) return second;
  return CJK.test(err.message) ? words?.en ?? err.message : err.message;
}

export function createSubmission() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [fieldErrors, setFieldErrors] = createSignal<FieldError[]>([]);
  const reset = (): void => {
    setError('');
    setFieldErrors([]);
  };
  const run = async (send: () => Promise<void>): Promise<void> => {
    setBusy(true);
    reset();
    try {
      await send();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length > 0) setFieldErrors(err.fieldErrors);
      else setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fieldErrors, reset, run };
}
