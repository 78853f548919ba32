/**
 * The one error type of the project: a stable `code`, an HTTP `status` and optional
 * `details` (e.g. every field error). The server turns it into `{error: {code, message, details}}`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503;
  readonly details: unknown;

  constructor(
    status: AppError['status'],
    code: string,
    message: string,
    details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
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
