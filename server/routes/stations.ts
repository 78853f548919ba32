/**
 * Deputies' stations and their reception days (DOMAIN §6.1–6.3, §6.6). The office (admin,
 * staff) keeps the registry and schedules reception days; leaders read it; a deputy reads their
 * own duty days (GET /receptions/mine). Handlers translate HTTP to the store's functions
 * (runtime/store/stations.ts, receptions.ts); every lookup is by the caller's county, so another
 * county's station or cadence is a 404. Bad input: 400 INVALID_INPUT with every field error,
 * nothing written.
 *
 * The QR code (GET /stations/:id/qr.svg) encodes `<origin>/public/stations/<public code>`, the
 * public form's address (built by the constituent-issue work, not here): the origin is
 * PUBLIC_ORIGIN when the server is given one (behind a proxy), else the request's own.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import {
  attachDeputies,
  checkCadence,
  checkNewStation,
  checkOneReception,
  checkStationPatch,
  createCadence,
  createStation,
  detachDeputy,
  generateReceptions,
  getStation,
  inTransaction,
  listCadences,
  listReceptionDays,
  listStations,
  receptionStatistics,
  recordAudit,
  regeneratePublicCode,
  scheduleReception,
  setCadenceActive,
  STATION_LEVELS,
  updateStation,
  type AuditDetail,
  type CadenceView,
  type CallerContext,
  type Database,
  type Runtime,
} from '../../runtime/store/index.ts';
import { currentUser, readJson, requireRole, type AppEnv } from '../app.ts';
import { auditBy } from '../audit-entry.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { booleanQuery, enumQuery, isObject, textQuery } from '../request-body.ts';

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', `有 ${errors.length} 处填写有误 / ${errors.length} field error(s)`, { errors });
}

function caller(c: Context<AppEnv>): CallerContext {
  const u = currentUser(c);
  return { countyId: u.countyId, actor: { id: u.id, roles: u.roles, unitId: u.unitId, name: u.displayName } };
}

/** A query instant: an ISO date (local midnight in the county) or date-time; absent → fallback. */
function instantQuery(name: string, value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+08:00`) : /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new AppError('INVALID_QUERY', `${name} must be a date (YYYY-MM-DD) or an ISO date-time`, { parameter: name });
  return new Date(t);
}

function range(c: Context<AppEnv>, now: Date, defaultDays: number): { from: Date; to: Date } {
  const from = instantQuery('from', c.req.query('from'), now);
  const to = instantQuery('to', c.req.query('to'), new Date(from.getTime() + defaultDays * 24 * 3600_000));
  if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 400 * 24 * 3600_000) {
    throw new AppError('INVALID_QUERY', 'to must be after from, within 400 days', { parameter: 'to' });
  }
  return { from, to };
}

/** A station as the target of an audit entry, named by its name (the page shows words). */
function stationTarget(s: { id: string; name: string }) {
  return { kind: 'station' as const, id: s.id, name: s.name };
}

/** A cadence's entry is about its station, or the county for a county-wide 统一接待日. */
function cadenceTarget(cv: CadenceView) {
  return cv.stationId === null ? { kind: 'county' as const, id: cv.id, name: cv.title } : { kind: 'station' as const, id: cv.stationId, name: cv.stationName };
}

/** Codes only (the audit log's rule): the rule and the times, read back in words by the audit page. */
function cadenceDetail(cv: CadenceView, made: number | null): AuditDetail {
  const rule: AuditDetail = cv.rule.kind === 'WEEKLY' ? { kind: 'WEEKLY', weekday: cv.rule.weekday } : { kind: 'MONTHLY', day: cv.rule.day, months: cv.rule.months };
  return { cadence: cv.id, ...rule, startTime: cv.startTime, endTime: cv.endTime, ...(made === null ? {} : { made }) };
}

export function publicFormUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/public/stations/${encodeURIComponent(code)}`;
}

export function mountStationRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime; publicOrigin?: string }): void {
  const { db, rt } = deps;
  const office = requireRole('admin', 'staff');
  const readers = requireRole('admin', 'staff', 'leader');

  api.get('/stations', readers, async (c) => {
    const q = c.req.query();
    const filter = {
      level: enumQuery('level', q.level, STATION_LEVELS),
      township: textQuery('township', q.township, 40),
      active: booleanQuery('active', q.active),
      q: textQuery('q', q.q, 60),
    };
    return c.json({ stations: await listStations(db, currentUser(c).countyId, filter) });
  });

  api.post('/stations', office, async (c) => {
    const checked = checkNewStation(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    // The station, its deputies and its audit entry commit together.
    const station = await inTransaction(db, async (trx) => {
      const made = await createStation(trx, currentUser(c).countyId, checked.value, { newId: rt.newId });
      await recordAudit(trx, { ...auditBy(c, rt.clock), action: 'station.created', target: stationTarget(made), detail: { level: made.level, deputies: checked.value.deputyIds } });
      return made;
    });
    return c.json(station, 201);
  });

  api.get('/stations/:id', readers, async (c) => c.json(await getStation(db, currentUser(c).countyId, c.req.param('id'))));

  api.patch('/stations/:id', office, async (c) => {
    const checked = checkStationPatch(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const station = await updateStation(db, currentUser(c).countyId, c.req.param('id'), checked.value);
    const fields = Object.keys(checked.value).filter((k) => k !== 'active');
    if (fields.length > 0) await recordAudit(db, { ...auditBy(c, rt.clock), action: 'station.changed', target: stationTarget(station), detail: { fields } });
    if (checked.value.active !== undefined) await recordAudit(db, { ...auditBy(c, rt.clock), action: checked.value.active ? 'station.reactivated' : 'station.deactivated', target: stationTarget(station) });
    return c.json(station);
  });

  api.post('/stations/:id/deputies', office, async (c) => {
    const body = await readJson(c);
    const ids = isObject(body) && Object.hasOwn(body, 'deputyIds') ? body.deputyIds : undefined;
    const extra = isObject(body) ? Object.keys(body).filter((k) => k !== 'deputyIds') : [];
    const errors: FieldError[] = extra.map((k) => ({ pointer: `/${k}`, message: '不支持的字段', message_en: 'is not a known field' }));
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 200 || ids.some((id) => typeof id !== 'string' || id === '' || id.length > 64)) {
      errors.push({ pointer: '/deputyIds', message: '请选择要添加的代表', message_en: 'must be a list of 1–200 deputy ids' });
    }
    if (errors.length > 0) throw invalid(errors);
    const deputyIds = [...new Set(ids as string[])];
    const station = await attachDeputies(db, currentUser(c).countyId, c.req.param('id'), deputyIds);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'station.deputies_attached', target: stationTarget(station), detail: { deputies: deputyIds } });
    return c.json(station);
  });

  api.delete('/stations/:id/deputies/:deputyId', office, async (c) => {
    const station = await detachDeputy(db, currentUser(c).countyId, c.req.param('id'), c.req.param('deputyId'));
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'station.deputy_detached', target: stationTarget(station), detail: { deputies: [c.req.param('deputyId')] } });
    return c.json(station);
  });

  api.post('/stations/:id/public-code', office, async (c) => {
    const station = await regeneratePublicCode(db, currentUser(c).countyId, c.req.param('id'));
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'station.code_renewed', target: stationTarget(station) });
    return c.json(station);
  });

  api.get('/stations/:id/qr.svg', readers, async (c) => {
    const station = await getStation(db, currentUser(c).countyId, c.req.param('id'));
    const url = publicFormUrl(deps.publicOrigin ?? new URL(c.req.url).origin, station.publicCode);
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff', 'x-public-url': url });
  });

  api.get('/stations/:id/receptions', readers, async (c) => {
    const { countyId } = currentUser(c);
    await getStation(db, countyId, c.req.param('id'));
    const { from, to } = range(c, rt.clock.now(), 62);
    return c.json({ receptions: await listReceptionDays(db, rt, countyId, { stationId: c.req.param('id'), from, to }) });
  });

  api.get('/reception-cadences', readers, async (c) => {
    const station = textQuery('station', c.req.query('station'), 64);
    return c.json({ cadences: await listCadences(db, currentUser(c).countyId, station) });
  });

  api.post('/reception-cadences', office, async (c) => {
    const checked = checkCadence(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const made = await createCadence(db, rt, caller(c), checked.value);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'cadence.created', target: cadenceTarget(made.cadence), detail: cadenceDetail(made.cadence, made.made) });
    return c.json(made, 201);
  });

  api.post('/reception-cadences/generate', office, async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || Object.keys(body).length > 0) throw new AppError('INVALID_BODY', 'The body must be {}');
    return c.json({ made: await generateReceptions(db, rt, currentUser(c).countyId) });
  });

  api.patch('/reception-cadences/:id', office, async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || typeof body.active !== 'boolean' || Object.keys(body).length !== 1) {
      throw invalid([{ pointer: '/active', message: '只能停用或启用接待周期', message_en: 'the body must be {"active": true|false}' }]);
    }
    const cadence = await setCadenceActive(db, currentUser(c).countyId, c.req.param('id'), body.active);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: body.active ? 'cadence.restarted' : 'cadence.stopped', target: cadenceTarget(cadence), detail: cadenceDetail(cadence, null) });
    return c.json(cadence);
  });

  api.post('/receptions', office, async (c) => {
    const checked = checkOneReception(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const id = await scheduleReception(db, rt, caller(c), checked.value);
    const station = await getStation(db, currentUser(c).countyId, checked.value.stationId);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'reception.scheduled', target: stationTarget(station), detail: { date: checked.value.date, startTime: checked.value.startTime, endTime: checked.value.endTime, deputies: checked.value.deputyIds } });
    return c.json({ id }, 201);
  });

  api.get('/receptions/mine', async (c) => {
    const { countyId, id } = currentUser(c);
    const { from, to } = range(c, rt.clock.now(), 92);
    return c.json({ receptions: await listReceptionDays(db, rt, countyId, { deputyId: id, from, to, limit: 50 }) });
  });

  api.get('/receptions/statistics', readers, async (c) => {
    const now = rt.clock.now();
    const yearStart = new Date(Date.parse(`${new Date(now.getTime() + 8 * 3600_000).getUTCFullYear()}-01-01T00:00:00+08:00`));
    const from = instantQuery('from', c.req.query('from'), yearStart);
    const to = instantQuery('to', c.req.query('to'), new Date(Date.parse(`${new Date(from.getTime() + 8 * 3600_000).getUTCFullYear() + 1}-01-01T00:00:00+08:00`)));
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 3700 * 24 * 3600_000) throw new AppError('INVALID_QUERY', 'to must be after from', { parameter: 'to' });
    return c.json(await receptionStatistics(db, currentUser(c).countyId, from, to));
  });

  registerStationOpenApi();
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const STATION = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] },
    level: { enum: ['HOME', 'STATION', 'POINT'], description: 'HOME 代表之家 · STATION 代表联络站 · POINT 代表联系点' },
    levelTitle: { type: 'string' }, township: { type: ['string', 'null'] }, address: { type: ['string', 'null'] },
    managerId: { type: ['string', 'null'] }, managerName: { type: ['string', 'null'] }, grids: { type: 'array', items: { type: 'string' } },
    publicCode: { type: 'string', description: 'The token the QR code carries; a new one retires the old' },
    active: { type: 'boolean' }, deputyCount: { type: 'integer' },
    deputies: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, delegation: { type: ['string', 'null'] } } } },
  },
};
const STATION_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 60 }, nameEn: { type: ['string', 'null'] }, level: { enum: ['HOME', 'STATION', 'POINT'] },
    township: { type: ['string', 'null'] }, address: { type: ['string', 'null'] }, managerId: { type: ['string', 'null'] },
    grids: { type: 'array', items: { type: 'string' } },
  },
};
const RECEPTION = { type: 'object', description: 'A reception day: id, title, state and stateTitle, stationName, startsAt, endsAt, dateLabel, place, noticeAt, deputies [{id, name}], record' };
const CADENCE_BODY = {
  type: 'object',
  required: ['rule', 'startTime', 'endTime'],
  additionalProperties: false,
  properties: {
    stationId: { type: ['string', 'null'], description: 'null: a county-wide 统一接待日 for every active station' },
    rule: { description: '{kind: WEEKLY, weekday 1–7} or {kind: MONTHLY, day 1–28, months ALL|ODD|EVEN}' },
    startTime: { type: 'string', pattern: '^\\d{2}:\\d{2}$' }, endTime: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    place: { type: ['string', 'null'] }, deputiesPerSession: { type: 'integer', minimum: 0, maximum: 50, description: '0: every deputy attached' },
  },
};

function registerStationOpenApi(): void {
  const tags = ['stations'];
  const bad = errorResponse('INVALID_INPUT with details.errors (nothing written)');
  const forbidden = errorResponse('FORBIDDEN');
  const notFound = errorResponse('STATION_NOT_FOUND (also for another county\'s station)');
  const range = [
    { name: 'from', description: 'A date (YYYY-MM-DD, county time) or an ISO date-time; default now', schema: { type: 'string' } },
    { name: 'to', description: 'Default: from + 62 days (a station) or 92 days (mine)', schema: { type: 'string' } },
  ];
  registerPath('get', '/api/stations', {
    summary: 'Deputies\' stations of the caller\'s county (admin, staff, leader)',
    tags,
    query: [
      { name: 'level', schema: { enum: ['HOME', 'STATION', 'POINT'] } },
      { name: 'township', schema: { type: 'string' } },
      { name: 'active', schema: { enum: ['1', '0', 'true', 'false'] } },
      { name: 'q', description: 'Words in the name, township or address', schema: { type: 'string' } },
    ],
    responses: { '200': { description: 'Stations', content: json({ type: 'object', properties: { stations: { type: 'array', items: STATION } } }) }, '400': errorResponse('INVALID_QUERY'), '403': forbidden },
  });
  registerPath('post', '/api/stations', {
    summary: 'Create a station (admin, staff); its public code is drawn at random',
    tags,
    requestBody: { required: true, content: json({ ...STATION_BODY, required: ['name', 'level'], properties: { ...STATION_BODY.properties, deputyIds: { type: 'array', items: { type: 'string' } } } }) },
    responses: { '201': { description: 'The station', content: json(STATION) }, '400': bad, '403': forbidden },
  });
  registerPath('get', '/api/stations/{id}', { summary: 'One station with its deputies', tags, responses: { '200': { description: 'The station', content: json(STATION) }, '403': forbidden, '404': notFound } });
  registerPath('patch', '/api/stations/{id}', {
    summary: 'Change or (de)activate a station (admin, staff)',
    tags,
    requestBody: { required: true, content: json({ ...STATION_BODY, minProperties: 1, properties: { ...STATION_BODY.properties, active: { type: 'boolean' } } }) },
    responses: { '200': { description: 'The station', content: json(STATION) }, '400': bad, '403': forbidden, '404': notFound },
  });
  registerPath('post', '/api/stations/{id}/deputies', {
    summary: 'Attach deputies of the roster to a station (admin, staff)',
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['deputyIds'], additionalProperties: false, properties: { deputyIds: { type: 'array', minItems: 1, items: { type: 'string' } } } }) },
    responses: { '200': { description: 'The station', content: json(STATION) }, '400': bad, '403': forbidden, '404': notFound },
  });
  registerPath('delete', '/api/stations/{id}/deputies/{deputyId}', {
    summary: 'Detach a deputy from a station (admin, staff); scheduled days keep their deputies',
    tags,
    responses: { '200': { description: 'The station', content: json(STATION) }, '400': bad, '403': forbidden, '404': notFound },
  });
  registerPath('post', '/api/stations/{id}/public-code', {
    summary: 'Draw a new public code (admin, staff): printed QR codes of the old one stop working',
    tags,
    responses: { '200': { description: 'The station', content: json(STATION) }, '403': forbidden, '404': notFound },
  });
  registerPath('get', '/api/stations/{id}/qr.svg', {
    summary: 'The station\'s QR code (SVG) opening <origin>/public/stations/<public code>; the address is in X-Public-Url',
    tags,
    responses: { '200': { description: 'image/svg+xml' }, '403': forbidden, '404': notFound },
  });
  registerPath('get', '/api/stations/{id}/receptions', {
    summary: 'A station\'s reception days between from and to (its calendar)',
    tags,
    query: range,
    responses: { '200': { description: 'Reception days', content: json({ type: 'object', properties: { receptions: { type: 'array', items: RECEPTION } } }) }, '400': errorResponse('INVALID_QUERY'), '403': forbidden, '404': notFound },
  });
  registerPath('get', '/api/reception-cadences', {
    summary: 'Reception cadences of the county, or of one station',
    tags,
    query: [{ name: 'station', schema: { type: 'string' } }],
    responses: { '200': { description: 'Cadences (title in words: 每周一 09:00–11:00)' }, '403': forbidden },
  });
  registerPath('post', '/api/reception-cadences', {
    summary: 'A cadence (every Monday; the 15th of odd months; a county-wide 统一接待日); its coming days are made at once',
    tags,
    requestBody: { required: true, content: json(CADENCE_BODY) },
    responses: { '201': { description: '{cadence, made}' }, '400': bad, '403': forbidden, '404': notFound },
  });
  registerPath('post', '/api/reception-cadences/generate', {
    summary: 'Make the coming reception days of every active cadence now (the servers also do it every 6 hours)',
    tags,
    requestBody: { required: true, content: json({ type: 'object', additionalProperties: false }) },
    responses: { '200': { description: '{made}: how many days were made' }, '400': errorResponse('INVALID_BODY'), '403': forbidden },
  });
  registerPath('patch', '/api/reception-cadences/{id}', {
    summary: 'Stop or restart a cadence (days already made stay)',
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['active'], additionalProperties: false, properties: { active: { type: 'boolean' } } }) },
    responses: { '200': { description: 'The cadence' }, '400': bad, '403': forbidden, '404': errorResponse('CADENCE_NOT_FOUND') },
  });
  registerPath('post', '/api/receptions', {
    summary: 'Schedule one reception day by hand (admin, staff)',
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object', required: ['stationId', 'date', 'startTime', 'endTime'], additionalProperties: false,
        properties: { stationId: { type: 'string' }, date: { type: 'string', format: 'date' }, startTime: { type: 'string' }, endTime: { type: 'string' }, place: { type: ['string', 'null'] }, deputyIds: { type: 'array', items: { type: 'string' }, description: 'Empty: every deputy attached' } },
      }),
    },
    responses: { '201': { description: '{id} of the new reception-session instance' }, '400': bad, '403': forbidden, '404': notFound },
  });
  registerPath('get', '/api/receptions/mine', {
    summary: 'The caller\'s duty days (a deputy on duty), from now',
    tags,
    query: range,
    responses: { '200': { description: 'Reception days', content: json({ type: 'object', properties: { receptions: { type: 'array', items: RECEPTION } } }) }, '400': errorResponse('INVALID_QUERY') },
  });
  registerPath('get', '/api/receptions/statistics', {
    summary: '§6.6: reception days held, deputy attendances (人次), citizens received, issues recorded; per station and per deputy',
    tags,
    query: [{ name: 'from', schema: { type: 'string' } }, { name: 'to', schema: { type: 'string' } }],
    responses: { '200': { description: 'Figures' }, '400': errorResponse('INVALID_QUERY'), '403': forbidden },
  });
}
