/**
 * Sending a form: busy while it goes, and the server's answer sorted into field errors (pinned
 * to their fields by the form renderer) or one message.
 */
import { createSignal } from 'solid-js';
import { ApiError } from '../api.ts';
import type { FieldError } from '../api-types.ts';

export function apiErrorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.message}（${err.status} ${err.code}）`;
  return String(err);
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
