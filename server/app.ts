/**
 * The HTTP application: everything under /api is JSON. Routes live in routes/*.ts; this file
 * wires middleware, error handling and the hook (`extra`) where the work routes are mounted.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { sql, type Kysely } from 'kysely';
import { MAX_BODY_BYTES } from '../runtime/body-limit.ts';
import { AppError } from '../runtime/errors.ts';
import { selectReadDatabaseHealth, uploadBodyLimit, type Database, type DatabaseKind } from '../runtime/store/index.ts';
import { Authenticator, requireAuth, type AppEnv } from './auth.ts';
import { handleError, handleNotFound } from './errors.ts';
import { errorResponse, openApiDocument, registerPath, routeRoles } from './openapi.ts';
import { checkUrlText } from './request-body.ts';
import { securityHeaders } from './security-headers.ts';
import { PhaseTiming } from './phase-timing.ts';
import { clientAddress } from './client-address.ts';
import { regionGate } from './region-gate.ts';
import { mountAuditRoutes } from './routes/audit.ts';
import { mountAuthRoutes } from './routes/auth.ts';
import { mountDirectoryRoutes } from './routes/directory.ts';
import { mountUserRoutes } from './routes/users.ts';
import { mountUnitRoutes } from './routes/units.ts';
import { mountNotificationDeliveryRoutes } from './routes/notification-delivery.ts';
import { calendarHealth } from '../runtime/store/calendar-admin.ts';
import { secretsKeyOf } from '../runtime/store/settings-secrets.ts';

export { currentUser, requireAuth, requireRole, type AppEnv, type AuthUser } from './auth.ts';
export { readJson } from './request-body.ts';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  /** The read replica's pool (DATABASE_READ_URL) when there is one: /api/health reports it. */
  readDb?: Kysely<Database>;
  secret: string;
  clock: { now(): Date };
  /** How many reverse proxies' X-Forwarded-For to trust for the client address (TRUST_PROXY); default 0. */
  trustProxy?: number;
  /** Id source for new rows (users); default crypto.randomUUID. */
  newId?: () => string;
  /** Send Strict-Transport-Security (HSTS=1 or PUBLIC_URL=https://…; server/security-headers.ts). */
  hsts?: boolean;
  /** Per-request phase timing in a Server-Timing header on task completions (PHASE_TIMING=1; the bench's serial probe). */
  phaseTiming?: boolean;
  /** Mounts more routes on the /api sub-app, after these; they are behind requireAuth already. */
  extra?: (api: Hono<AppEnv>) => void;
}

/**
 * For uploads (rosters, attachments): a file of MAX_FILE_BYTES (3 MiB) as base64 inside JSON,
 * ⌈n/3⌉·4 + 16 KiB = 4,210,688 bytes (the fixed 4 MiB before refused a file of exactly 3 MiB).
 */
const MAX_UPLOAD_BYTES = uploadBodyLimit();
const UPLOAD_PATHS = ['/api/roster/preview', '/api/roster/import', '/api/files'];

/** Paths that need no bearer token (full paths, /api included). */
const PUBLIC_PATHS = new Set(['/api/auth/login', '/api/health', '/api/openapi.json']);
/** The public QR form of the deputies' stations (routes/constituent-issues.ts): no token, rate-limited per address and station. */
const PUBLIC_PREFIX = '/api/public/';

const API_VERSION = '0.1.0';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const authenticator = new Authenticator({ db: deps.db, secret: deps.secret, clock: deps.clock });
  const api = new Hono<AppEnv>();

  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('BODY_TOO_LARGE', `The request body exceeds ${maxSize} bytes`);
      },
    });
  const normal = limit(MAX_BODY_BYTES);
  const upload = limit(MAX_UPLOAD_BYTES);
  api.use('*', checkUrlText);
  api.use('*', (c, next) => (UPLOAD_PATHS.includes(c.req.path) ? upload(c, next) : normal(c, next)));
  api.use('*', async (c, next) => {
    c.set('authenticator', authenticator);
    c.set('clientAddress', clientAddress(c, deps.trustProxy ?? 0) ?? null);
    if (PUBLIC_PATHS.has(c.req.path) || c.req.path.startsWith(PUBLIC_PREFIX)) return next();
    return requireAuth(c, next);
  });
  // A region reader (上级人大) passes only its read paths (region-gate.ts).
  api.use('*', regionGate);

  api.get('/health', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
    } catch (err) {
      throw new AppError('DATABASE_UNAVAILABLE', 'The database does not answer', undefined, { cause: err });
    }
    // A missing holiday year is reported, never a failure: the server is up and deadlines
    // still compute (Monday–Friday in that year); see README "Holiday calendars".
    // The read replica (DATABASE_READ_URL), when there is one: reported, never a failure (the
    // writes still work; only the lagging reads fail while it is down).
    const read = deps.readDb && deps.readDb !== deps.db ? await readHealth(deps.readDb) : undefined;
    return c.json({ status: 'ok', database: deps.dbKind, ...(read ? { read } : {}), calendar: await calendarHealth(deps.db, deps.clock.now()) });
  });
  api.get('/openapi.json', (c) => c.json(openApiDocument({ version: API_VERSION, roles: routeRoles(api.routes, '/api') })));

  mountAuthRoutes(api, { db: deps.db, clock: deps.clock });
  mountUserRoutes(api, { db: deps.db, newId: deps.newId ?? randomUUID, clock: deps.clock });
  mountUnitRoutes(api, { db: deps.db, newId: deps.newId ?? randomUUID, clock: deps.clock });
  mountAuditRoutes(api, { db: deps.db, clock: deps.clock });
  mountDirectoryRoutes(api, { db: deps.db });
  mountNotificationDeliveryRoutes(api, { db: deps.db, clock: deps.clock, secretsKey: secretsKeyOf(deps.secret) });
  deps.extra?.(api);
  registerOwnPaths();

  const app = new Hono<AppEnv>();
  // First, so the first phase (`middleware`: security headers, request id, URL check, body limit, token) covers them all.
  // Only for a request that asks (`x-phase-timing: 1`, the bench's probe), so the load runs unmeasured.
  if (deps.phaseTiming) app.use('*', (c, next) => (c.req.header('x-phase-timing') === '1' && c.set('timing', new PhaseTiming()), next()));
  app.use('*', securityHeaders({ hsts: deps.hsts }));
  app.onError(handleError);
  app.notFound(handleNotFound);
  // X-Request-Id on every answer, and in every error log line: an incoming one is kept only if
  // it is 1–64 of [A-Za-z0-9_=-] (Hono's check), else a fresh UUID.
  app.use('*', requestId({ limitLength: 64 }));
  // Hono copies the sub-app's routes here, so everything must be registered on `api` first.
  app.route('/api', api);
  return app;
}

async function readHealth(readDb: Kysely<Database>): Promise<{ database: 'pg'; status: 'ok' | 'unavailable'; replica?: boolean; lagSeconds?: number | null }> {
  try {
    return { database: 'pg', status: 'ok', ...(await selectReadDatabaseHealth(readDb)) };
  } catch {
    return { database: 'pg', status: 'unavailable' };
  }
}

/** GET /api/health's `calendar`: a needed holiday year (this one; the next from 1 November) no county may lack. */
const CALENDAR_HEALTH_SCHEMA = {
  type: 'object',
  properties: { complete: { type: 'boolean' }, missingYears: { type: 'array', items: { type: 'integer' } }, message: { type: 'string' }, message_en: { type: 'string' } },
};

/** GET /api/health's `read`: only with DATABASE_READ_URL (sql/read-database-health.ts). */
const READ_HEALTH_SCHEMA = {
  type: 'object',
  properties: { database: { const: 'pg' }, status: { enum: ['ok', 'unavailable'] }, replica: { type: 'boolean' }, lagSeconds: { type: ['number', 'null'] } },
};

function registerOwnPaths(): void {
  registerPath('get', '/api/health', {
    summary: 'Liveness and which database engine is in use',
    tags: ['system'],
    auth: false,
    responses: {
      '200': {
        description: 'Up',
        content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' }, database: { enum: ['pglite', 'pg'] }, read: READ_HEALTH_SCHEMA, calendar: CALENDAR_HEALTH_SCHEMA } } } },
      },
      '503': errorResponse('DATABASE_UNAVAILABLE'),
    },
  });
  registerPath('get', '/api/openapi.json', {
    summary: 'This OpenAPI 3.1 document',
    tags: ['system'],
    auth: false,
    responses: { '200': { description: 'The document' } },
  });
}

