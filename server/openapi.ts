/**
 * The OpenAPI 3.1 document at /api/openapi.json, built from what the routes register next to
 * their handlers (so a route and its documentation change together). Process-wide: creating
 * the app several times (tests) re-registers the same keys, which simply overwrite.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type JsonSchemaObject = Record<string, unknown>;

export interface OpenApiMediaType {
  schema: JsonSchemaObject;
  example?: unknown;
}

export interface OpenApiOperation {
  summary: string;
  tags?: string[];
  description?: string;
  requestBody?: { required?: boolean; description?: string; content: Record<string, OpenApiMediaType> };
  responses: Record<string, { description: string; headers?: Record<string, { description: string; schema: JsonSchemaObject }>; content?: Record<string, OpenApiMediaType> }>;
  /** Query parameters; path parameters are derived from `{name}` in the path. */
  query?: Array<{ name: string; description?: string; schema?: JsonSchemaObject; required?: boolean }>;
  /** Request header parameters (e.g. `Prefer`). */
  headers?: Array<{ name: string; description?: string; schema?: JsonSchemaObject; required?: boolean }>;
  /** False for routes that need no bearer token (login, health, this document). */
  auth?: boolean;
}

const registry = new Map<string, { method: HttpMethod; path: string; op: OpenApiOperation }>();

/** Documents one route. `path` uses OpenAPI syntax: `/api/users/{id}`. */
export function registerPath(method: HttpMethod, path: string, op: OpenApiOperation): void {
  registry.set(`${method} ${path}`, { method, path, op });
}

/** `{$ref}` to the shared error schema, for `responses` entries. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ERROR_SCHEMA: JsonSchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code, e.g. USERNAME_TAKEN' },
        message: { type: 'string' },
        details: {
          description: 'For 400s: {errors: [{pointer, message, message_en}]} listing every field error',
        },
      },
    },
  },
};

/**
 * Roles each route requires, from the routes themselves: every `requireRole(...)` middleware
 * carries `requiredRoles`. Keyed `get /api/users/{id}` like the registry. `prefix` is where the
 * routes are mounted (`/api`).
 */
export function routeRoles(routes: ReadonlyArray<{ method: string; path: string; handler: unknown }>, prefix: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of routes) {
    const roles = (r.handler as { requiredRoles?: readonly string[] }).requiredRoles;
    if (!roles) continue;
    out.set(`${r.method.toLowerCase()} ${prefix}${r.path.replace(/:(\w+)/g, '{$1}')}`, [...roles]);
  }
  return out;
}

export function openApiDocument(info: { version: string; roles?: Map<string, string[]> }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const entries = [...registry.values()].sort((a, b) => a.path.localeCompare(b.path));
  for (const { method, path, op } of entries) {
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = (op.query ?? []).map((q) => ({ in: 'query', required: q.required ?? false, schema: q.schema ?? { type: 'string' }, name: q.name, description: q.description }));
    const headerParams = (op.headers ?? []).map((h) => ({ in: 'header', required: h.required ?? false, schema: h.schema ?? { type: 'string' }, name: h.name, description: h.description }));
    const parameters = [...pathParams, ...queryParams, ...headerParams];
    const responses: Record<string, unknown> = { ...op.responses };
    if (op.auth !== false && !responses['401']) responses['401'] = errorResponse('Missing, invalid or expired bearer token');
    if (!responses.default) responses.default = errorResponse('Error');
    const item = (paths[path] ??= {});
    item[method] = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.tags ? { tags: op.tags } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.requestBody ? { requestBody: op.requestBody } : {}),
      responses,
      ...(op.auth === false ? { security: [] } : {}),
      ...(info.roles?.has(`${method} ${path}`) ? { 'x-roles': info.roles.get(`${method} ${path}`) } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'congress-flow 人大工作流程平台',
      version: info.version,
      description: 'Forms and workflows for local people\'s congresses. Every object belongs to the caller\'s county; another county\'s object is a 404.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
