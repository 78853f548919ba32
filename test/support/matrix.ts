/**
 * What the route × county and role matrices share (test/api/route-county-matrix.test.ts,
 * test/api/role-matrix.test.ts): the routes as the served OpenAPI document lists them (with
 * the roles each requires, `x-roles`, derived from the routes' own requireRole), real objects
 * of one county made through the API, a request body per write route, and a fingerprint of a
 * county's rows to prove that nothing changed.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { createCounty, type Database, type Role } from '../../runtime/store/index.ts';
import { ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { LIVELIHOOD_CANDIDATES } from '../fixtures/livelihood-candidates.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { Authenticator } from '../../server/auth.ts';
import type { TestHandle } from './databases.ts';
import { workApp, type WorkApp } from './work-app.ts';
import { drainOutbox, runDeliveriesOnce } from '../../runtime/store/index.ts';

/**
 * A bearer token for a user id, signed as a login would sign it (work-app's secret), without
 * the scrypt of a login: the matrices sign in a dozen users on a busy 2-core box.
 */
export async function tokenFor(w: WorkApp, countyId: string, userId: string): Promise<string> {
  return new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock }).issueToken({ id: userId, countyId });
}

/** Every role, the region reader's (上级人大, migration 018) last: in a county it reads that county's figures and register only. */
export const ROLES: readonly Role[] = ['admin', 'staff', 'unit', 'deputy', 'leader', 'integrator', 'region'];
/** The roles a county admin grants (the `-all` user holds them all; a region reader holds no other role). */
const COUNTY_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'region');

export interface DocumentedRoute {
  method: string;
  /** OpenAPI form: /api/users/{id} */
  path: string;
  key: string;
  /** x-roles: the roles of its requireRole; absent when any signed-in user may call it. */
  roles?: string[];
  auth: boolean;
}

/** Every operation of GET /api/openapi.json, as the server publishes it. */
export async function documentedRoutes(w: WorkApp): Promise<DocumentedRoute[]> {
  const doc = (await w.call(null, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown[] }>> };
  const out: DocumentedRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      out.push({ method, path, key: `${method} ${path}`, ...(op['x-roles'] ? { roles: op['x-roles'] } : {}), auth: !(Array.isArray(op.security) && op.security.length === 0) });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** Every /api route the app actually serves (Hono's route table), in the document's form. */
export function servedRoutes(w: WorkApp): string[] {
  const keys = new Set<string>();
  for (const r of w.app.routes) {
    if (!r.path.startsWith('/api/') || r.path.includes('*') || r.method === 'ALL') continue;
    keys.add(`${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...keys].sort();
}

/** A raw call: the status and the body as text (files are not JSON). */
export async function rawCall(w: WorkApp, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; text: string; code?: string }> {
  const res = await w.app.request(path, {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, text, ...(code ? { code } : {}) };
}

/** The objects of one county that the matrices aim at: ids by kind. */
export interface CountyObjects {
  instance: string;
  task: string;
  file: string;
  unit: string;
  user: string;
  deputy: string;
  term: string;
  ballot: string;
  definition: string;
  station: string;
  cadence: string;
  /** A deputy's point claim (履职积分, /api/points/entries/{id}). */
  pointEntry: string;
  /** A notification that could not be sent (发送失败, /api/notification-deliveries/{id}). */
  delivery: string;
  /** Words that only this county's objects hold; no other county's answer may contain one. */
  secrets: string[];
}

/**
 * Kinds of path parameter, by the first segment after /api. A route whose first segment is not
 * here fails both matrices until its kind is added (with an object the setup makes).
 */
export const KIND_OF_SEGMENT: Record<string, keyof Omit<CountyObjects, 'secrets'>> = {
  instances: 'instance',
  tasks: 'task',
  files: 'file',
  units: 'unit',
  users: 'user',
  deputies: 'deputy',
  terms: 'term',
  ballots: 'ballot',
  definitions: 'definition',
  stations: 'station',
  'reception-cadences': 'cadence',
  'constituent-issues': 'instance',
  'notification-deliveries': 'delivery',
};

/** Kinds under /api/points/, by the segment after it. */
const KIND_OF_POINTS_SEGMENT: Record<string, keyof Omit<CountyObjects, 'secrets'>> = { entries: 'pointEntry', deputies: 'deputy' };

export function kindOf(path: string): keyof Omit<CountyObjects, 'secrets'> | undefined {
  if (path.split('/')[2] === 'points') return KIND_OF_POINTS_SEGMENT[path.split('/')[3] ?? ''];
  return KIND_OF_SEGMENT[path.split('/')[2] ?? ''];
}

/** `/api/users/{id}` with the id filled in. */
export function fill(path: string, id: string): string {
  return path.replace(/\{\w+\}/g, encodeURIComponent(id));
}

const CANDIDATES = LIVELIHOOD_CANDIDATES.slice(0, 3).map(({ id, title, title_en }) => ({ id, title, title_en }));

/** A valid request body for every write route (so that only the id or the role can refuse it). */
export function bodyFor(key: string, objects: { term: string }): unknown {
  const bodies: Record<string, unknown> = {
    'post /api/auth/login': { username: 'nobody', password: 'wrong-password' },
    'post /api/users': { username: 'matrix-new', displayName: '矩阵新用户', password: 'Matrix-pass-2026!', roles: ['staff'] },
    'patch /api/users/{id}': { displayName: '被改过的名字' },
    'post /api/units': { name: '矩阵新单位' },
    'patch /api/units/{id}': { name: '被改过的单位' },
    'post /api/definitions': { package: { ...miniPackage(), id: 'matrix-added' } },
    'put /api/definitions/{id}/overlay': { patch: { title: '被改过的流程' } },
    'post /api/definitions/{id}/check': { patch: {} },
    'post /api/definitions/{id}/publish': {},
    'post /api/definitions/{id}/migrations': { from: 1, to: 1, mapping: {}, dryRun: false },
    'post /api/definitions/{id}/instances': { data: { title: '村道路灯' } },
    'post /api/files': { name: '矩阵.txt', mime: 'text/plain', base64: Buffer.from('matrix').toString('base64') },
    'post /api/tasks/{id}/claim': {},
    'post /api/public/stations/{code}/issues': { category: 'URBAN_RURAL', content: '矩阵路灯', name: '矩阵', phone: '13900000000' },
    'post /api/tasks/{id}/complete': { outcome: 'ACCEPT', data: REGISTRATION },
    'post /api/tasks/{id}/actions/transfer': { to: 'unit', unitId: 'unit-education', reason: '矩阵转办' },
    'post /api/tasks/{id}/actions/delegate': { userId: 'demo-deputy2', reason: '矩阵委托' },
    'post /api/tasks/{id}/actions/revokeDelegation': {},
    'post /api/tasks/{id}/actions/urge': {},
    'post /api/tasks/{id}/actions/sendBack': { reason: '矩阵退回' },
    'post /api/tasks/{id}/actions/addSigner': { userId: 'demo-leader', where: 'before', reason: '矩阵加签' },
    'post /api/tasks/{id}/actions/withdraw': { reason: '矩阵撤回' },
    'post /api/tasks/{id}/actions/countersign': { agree: true, opinion: '矩阵会签' },
    'post /api/instances/{id}/comments': { text: '矩阵评论' },
    'post /api/instances/{id}/attachments': { fileId: 'matrix-nowhere' },
    'post /api/instances/{id}/key-themes': { themeId: 'matrix-nowhere', reason: '矩阵增列' },
    'post /api/ballots': { title: '矩阵票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2 }, electorate: 'DEPUTIES' },
    'post /api/ballots/{id}/open': {},
    'post /api/ballots/{id}/votes': { marks: { [CANDIDATES[0]!.id]: 'APPROVE' } },
    'post /api/ballots/{id}/close': {},
    'put /api/ballots/{id}/tellers': { tellers: ['matrix-nobody'] },
    'post /api/ballots/{id}/teller-key': { publicKey: '0'.repeat(64), proof: { c: '0'.repeat(64), s: '0'.repeat(64) } },
    'post /api/ballots/{id}/decryption': { shares: [], proofs: [] },
    'post /api/ballots/{id}/paper': { returned: 0, invalid: 0, counts: {} },
    'post /api/ballots/{id}/publish': {},
    'post /api/roster/preview': { format: 'csv', text: '姓名,代表团,代表小组,手机,常委会组成人员\n赵矩阵,城关镇代表团,第一小组,13600136000,否' },
    'post /api/roster/import': { format: 'csv', text: '姓名,代表团,代表小组,手机,常委会组成人员\n赵矩阵,城关镇代表团,第一小组,13600136000,否' },
    'post /api/terms': { id: 'matrix-term', name: '矩阵届' },
    'post /api/terms/{id}/sessions': { id: 'matrix-session', name: '矩阵会议' },
    'post /api/stations': { name: '矩阵新站点', level: 'POINT' },
    'patch /api/stations/{id}': { name: '被改过的站点' },
    'post /api/stations/{id}/deputies': { deputyIds: ['demo-deputy4'] },
    'delete /api/stations/{id}/deputies/{deputyId}': {},
    'post /api/stations/{id}/public-code': {},
    'post /api/reception-cadences': { stationId: null, rule: { kind: 'WEEKLY', weekday: 3 }, startTime: '09:00', endTime: '11:00' },
    'post /api/reception-cadences/generate': {},
    'patch /api/reception-cadences/{id}': { active: false },
    'post /api/receptions': { stationId: 'matrix-nowhere', date: '2030-01-07', startTime: '09:00', endTime: '11:00' },
    'put /api/points/rules/overlay': { overlay: { rules: { TRAINING: { points: 1 } } } },
    'post /api/points/claims': { ruleCode: 'TRAINING', date: '2026-03-01', description: '矩阵培训' },
    'post /api/points/entries/{id}/actions': { action: 'APPROVE' },
    'post /api/points/publications': { year: 2026, quarter: 1 },
    'post /api/assessments': { year: 2025 },
    'post /api/public/voter-ballots/{county}/{ballot}/{pass}/votes': { sealed: {} },
    'post /api/report-back/plans': { termId: objects.term, year: 2026, deputyIds: ['demo-deputy4'] },
    'post /api/assignment-meetings/import': { format: 'xlsx', base64: 'UEsDBA==' },
    'put /api/notification-settings': { maxAttempts: 4 },
    'post /api/notification-deliveries/{id}/replay': {},
    'put /api/me/notification-preferences': { channels: [] },
    // Refused by their checks when admitted (a date that is no date, a file without years, a previous term that exists nowhere): nothing written.
    'post /api/calendar/days': { date: 'matrix', kind: 'holiday', name: '矩阵节' },
    'delete /api/calendar/days': {},
    'delete /api/calendar': {},
    'post /api/calendar/import': { years: {} },
    'post /api/terms/{id}/carry-over': { fromTermId: 'matrix-nowhere' },
  };
  if (key === 'post /api/terms/{id}/sessions') void objects.term;
  return bodies[key];
}

/** Write routes: a body must be declared for each (bodyFor), so the matrices never send a body that fails before the check they test. */
export function needsBody(method: string): boolean {
  return method !== 'get';
}

/**
 * Makes real objects in `countyCode` through the API as its own users (`prefix` names its
 * users: '' for demo's `staff`, `changshu-` style otherwise): a suggestion walked to its
 * handling (instance, open task), a file, a unit, a user, a term, a ballot, an API package.
 */
export async function makeObjects(w: WorkApp, label: string): Promise<CountyObjects> {
  const admin = await tokenFor(w, label, `${label}-admin`);
  const staff = await tokenFor(w, label, `${label}-staff`);
  const deputy = await tokenFor(w, label, `${label}-deputy1`);
  const ok = (r: { status: number; body: any }, want: number, what: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(want);
    return r.body;
  };
  // The deputy wants email and the county has no mail server: the messages of the walk below fail (发送失败).
  ok(await w.call(deputy, 'PUT', '/me/notification-preferences', { email: 'matrix@example.cn', channels: ['email'] }), 200, 'preferences');
  ok(await w.call(admin, 'PUT', '/notification-settings', { maxAttempts: 1 }), 200, 'settings');
  const title = `${label}的建议：关于矩阵测试的专属标题`;
  const started = ok(await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title } }), 201, 'start');
  const screening = (started.openTasks as Array<{ id: string }>)[0]!.id;
  const accepted = ok(await w.call(staff, 'POST', `/tasks/${screening}/complete`, { outcome: 'ACCEPT', data: REGISTRATION }), 200, 'ACCEPT');
  const proposeTask = (accepted.openTasks as Array<{ id: string }>)[0]!.id;
  ok(await w.call(staff, 'POST', `/tasks/${proposeTask}/complete`, { outcome: 'PROPOSE_ASSIGNMENT', data: ASSIGNMENT }), 200, 'PROPOSE_ASSIGNMENT');
  const view = ok(await w.call(staff, 'GET', `/instances/${started.id}`), 200, 'read');
  const task = (view.openTasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId === started.id)!.id;
  const fileName = `${label}专属附件.txt`;
  const file = ok(await w.call(deputy, 'POST', '/files', { name: fileName, mime: 'text/plain', base64: Buffer.from(`${label} secret file body`).toString('base64') }), 201, 'file').file.fileId as string;
  const unitName = `${label}专属单位`;
  const unit = ok(await w.call(admin, 'POST', '/units', { name: unitName }), 201, 'unit').id as string;
  const userName = `${label}专属用户`;
  const user = ok(await w.call(admin, 'POST', '/users', { username: `${label}-matrix-user`, displayName: userName, password: 'Matrix-pass-2026!', roles: ['staff'] }), 201, 'user').id as string;
  const termName = `${label}专属届`;
  const term = `${label}-term`;
  ok(await w.call(admin, 'POST', '/terms', { id: term, name: termName }), 201, 'term');
  const ballotTitle = `${label}专属票决`;
  const ballot = ok(await w.call(staff, 'POST', '/ballots', { title: ballotTitle, spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2 }, electorate: 'DEPUTIES' }), 201, 'ballot').ballot.id as string;
  const stationName = `${label}专属代表之家`;
  const station = ok(await w.call(admin, 'POST', '/stations', { name: stationName, level: 'HOME', deputyIds: [`${label}-deputy1`] }), 201, 'station').id as string;
  const cadence = ok(await w.call(admin, 'POST', '/reception-cadences', { stationId: station, rule: { kind: 'WEEKLY', weekday: 1 }, startTime: '09:00', endTime: '11:00' }), 201, 'cadence').cadence.id as string;
  const definition = `${label}-only`;
  ok(await w.call(admin, 'POST', '/definitions', { package: { ...miniPackage(), id: definition, title: `${label}专属流程` } }), 201, 'package');
  const claimText = `${label}专属履职活动`;
  const pointEntry = ok(await w.call(deputy, 'POST', '/points/claims', { ruleCode: 'TRAINING', date: '2026-03-01', description: claimText }), 201, 'point claim').id as string;
  await drainOutbox(w.handle.db, w.rt, () => undefined);
  await runDeliveriesOnce(w.handle.db, w.rt);
  const delivery = String(ok(await w.call(admin, 'GET', '/notification-deliveries/dead'), 200, 'dead letters').deadLetters[0].id);
  return {
    instance: started.id as string,
    task,
    file,
    unit,
    user,
    deputy: `${label}-deputy1`,
    term,
    ballot,
    definition,
    station,
    cadence,
    pointEntry,
    delivery,
    secrets: [title, fileName, `${label} secret file body`, unitName, userName, termName, ballotTitle, `${label}专属流程`, stationName, claimText],
  };
}

/** What both matrices work on, filled in by matrixSetup's beforeAll. */
export interface Matrix {
  handle: TestHandle;
  w: WorkApp;
  /** County demo's objects (makeObjects). */
  a: CountyObjects;
  /** The routes of the served OpenAPI document. */
  routes: DocumentedRoute[];
  /** The callers' tokens, by role (as `callers` returns them). */
  tokens: Record<string, string>;
}

/**
 * The beforeAll / afterAll both matrices share, for the enclosing describe: a database of its
 * own with the work app, county demo's objects, the documented routes, and the callers that
 * `callers` makes (returning their tokens by role). The database is closed after the describe.
 */
export function matrixSetup(open: () => Promise<TestHandle>, callers: (m: Pick<Matrix, 'handle' | 'w'>) => Promise<Record<string, string>>): Matrix {
  const m = { tokens: {} } as Matrix;
  beforeAll(async () => {
    m.handle = await open();
    m.w = await workApp(m.handle);
    m.a = await makeObjects(m.w, 'demo');
    m.tokens = await callers(m);
    m.routes = await documentedRoutes(m.w);
  }, 300_000);
  afterAll(async () => {
    await m.handle?.close();
  });
  return m;
}

/** Makes county `code` with one user per role (`${code}-${role}`) and one holding every role (`${code}-all`). */
export async function countyWithEveryRole(db: Kysely<Database>, code: string, name: string): Promise<void> {
  await createCounty(db, {
    code,
    name,
    units: [{ id: `${code}-unit`, name: `${name}住建局` }],
    users: [
      ...ROLES.map((role) => ({ username: `${code}-${role}`, roles: [role], ...(role === 'unit' ? { unitId: `${code}-unit` } : {}) })),
      { username: `${code}-all`, roles: [...COUNTY_ROLES], unitId: `${code}-unit` },
    ],
  });
}

/**
 * Tables that record attempts rather than state (an audit log of refusals, login throttling):
 * a refused call may append there, and that is no change to the county's objects.
 */
const ATTEMPT_LOGS = /audit|attempt|throttl/;

/**
 * A fingerprint of every row of `countyId` in every table that has a county_id column (tables
 * other branches add are included by themselves, except ATTEMPT_LOGS): equal before and after
 * = nothing changed.
 */
export async function countyFingerprint(db: Kysely<Database>, countyId: string): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'county_id' order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    if (ATTEMPT_LOGS.test(table_name)) continue;
    const r = await sql<{ n: number | string; h: string | null }>`
      select count(*) as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h
        from ${sql.table(table_name)} t where county_id = ${countyId}`.execute(db);
    out[table_name] = `${Number(r.rows[0]?.n ?? 0)}:${r.rows[0]?.h}`;
  }
  return out;
}
