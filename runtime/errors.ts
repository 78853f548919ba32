/**
 * The one error type of the project: a stable `code` from the catalogue (error-codes.ts),
 * the kind of failure that code stands for, and optional `details` (e.g. every field error).
 * The runtime knows no HTTP: server/errors.ts turns the kind into a status and the error into
 * `{error: {code, message, details}}`.
 *
 * @example
 * throw new AppError('TASK_NOT_OPEN');                                   // the catalogue's message
 * throw new AppError('VALIDATION_FAILED', 'The form has 2 errors', { errors });
 */
import { ERROR_CODES, type ErrorCode, type ErrorKind } from './error-codes.ts';

export type { ErrorCode, ErrorKind } from './error-codes.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    const entry = ERROR_CODES[code];
    super(message ?? entry.en, options);
    this.name = 'AppError';
    this.code = code;
    this.kind = entry.kind;
    this.details = details;
  }
}

/** A field error from form validation: JSON pointer plus a message in Chinese and English. */
export interface FieldError {
  pointer: string;
  message: string;
  message_en: string;
  keyword?: string;
}
