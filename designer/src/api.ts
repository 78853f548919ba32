/**
 * The only way the app talks to the server: the documented HTTP API under /api, with the
 * bearer token kept in localStorage. Errors come back as ApiError with the server's code and
 * field errors, so forms can pin each message to its field.
 */
import type { FieldError, InstanceBrief } from './api-types.ts';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { errors?: FieldError[]; [key: string]: unknown },
  ) {
    super(message);
  }
  get fieldErrors(): FieldError[] {
    return Array.isArray(this.details?.errors) ? this.details.errors : [];
  }
}

const TOKEN_KEY = 'cf.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string | null): void => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY)),
};

export async function api<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = tokenStore.get();
  const res = await fetch(`/api${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string; details?: ApiError['details'] };
    if (res.status === 401) tokenStore.set(null);
    throw new ApiError(res.status, error.code ?? 'HTTP_ERROR', error.message ?? res.statusText, error.details);
  }
  return json as T;
}

/**
 * A start or a task completion after which the page navigates (to the instance): the brief
 * answer is enough (`Prefer: return=minimal`, RFC 7240; runtime/store/instance-brief.ts), not
 * the whole view with its history and form schemas.
 */
export const RETURN_MINIMAL = { prefer: 'return=minimal' } as const;

/** POST /api/tasks/:id/complete, asking for the brief answer (the portal navigates afterwards). */
export function completeTask(taskId: string, outcome: string, data: unknown): Promise<InstanceBrief> {
  return api<InstanceBrief>('POST', `/tasks/${encodeURIComponent(taskId)}/complete`, { outcome, data }, RETURN_MINIMAL);
}

/** POST /api/definitions/:id/instances, asking for the brief answer (the portal opens the new instance). */
export function startInstance(definitionId: string, data: unknown): Promise<InstanceBrief> {
  return api<InstanceBrief>('POST', `/definitions/${encodeURIComponent(definitionId)}/instances`, { data }, RETURN_MINIMAL);
}

/** A file of the API (an attachment, GET /api/files/:id) as a Blob, with the bearer token a plain link cannot send. */
export async function apiBlob(path: string): Promise<Blob> {
  const token = tokenStore.get();
  const res = await fetch(`/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, 'HTTP_ERROR', res.statusText);
  return res.blob();
}

/**
 * Saves an export of the API (register, audit log) as the file the server names in
 * Content-Disposition; the token goes in a header, so this cannot be a plain link.
 */
export async function apiDownload(path: string, fallbackName: string): Promise<void> {
  const token = tokenStore.get();
  const res = await fetch(`/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(res.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? res.statusText);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * A call of the public QR form's API (/api/public/…, no login): never sends the stored token, so
 * a staff member's browser opening the form acts as any citizen's.
 */
export async function publicApi<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/public${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  if (!res.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string; details?: ApiError['details'] };
    throw new ApiError(res.status, error.code ?? 'HTTP_ERROR', error.message ?? res.statusText, error.details);
  }
  return json as T;
}
