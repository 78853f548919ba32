/**
 * Handling units (承办单位) of the caller's county. Everyone reads them (pickers, names on
 * instances); county admins add, rename, deactivate and reactivate them. Ids are generated
 * (UUIDs): people know a unit by its name, which is unique in the county. A unit's short name
 * (简称) is the 发文机关代字 of its answer letters' numbers (县卫健委函〔2026〕1号), the full name
 * when it has none. Every lookup is by
 * the caller's county, so another county's unit is a 404.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { createUnit, inTransaction, listUnits, recordAudit, updateUnit, type Database } from '../../runtime/store/index.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { booleanQuery, readJson } from '../request-body.ts';
import { checkNewUnit, checkUnitPatch, UNIT_NAME_EN_MAX, UNIT_NAME_MAX, UNIT_SHORT_NAME_MAX } from '../unit-input.ts';

export interface UnitRouteDeps {
  db: Kysely<Database>;
  newId: () => string;
  /** Times of the audit log entries. */
  clock: { now(): Date };
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
}

export function mountUnitRoutes(api: Hono<AppEnv>, deps: UnitRouteDeps): void {
  const { db, newId, clock } = deps;
  const admin = requireRole('admin');

  api.get('/units', async (c) => {
    const active = booleanQuery('active', c.req.query('active'));
    return c.json({ units: await listUnits(db, currentUser(c).countyId, { active }) });
  });

  api.post('/units', admin, async (c) => {
    const checked = checkNewUnit(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    // The unit and its audit entry commit together (a taken name is refused before any write).
    const unit = await inTransaction(db, async (trx) => {
      const created = await createUnit(trx, currentUser(c).countyId, checked.value, newId);
      await recordAudit(trx, { ...auditBy(c, clock), action: 'unit.created', target: { kind: 'unit', id: created.id, name: created.name } });
      return created;
    });
    return c.json(unit, 201);
  });

  api.patch('/units/:id', admin, async (c) => {
    const checked = checkUnitPatch(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    // One statement with no transaction of its own; run inside one, a rename to a taken name
    // would abort it on PostgreSQL before UNIT_NAME_TAKEN is worded (sql/update-unit.ts). So
    // the entry follows the change: a crash between the two loses the entry, not the change.
    const unit = await updateUnit(db, currentUser(c).countyId, c.req.param('id'), checked.value);
    const fields = Object.keys(checked.value).filter((k) => ['name', 'nameEn', 'shortName', 'active'].includes(k));
    await recordAudit(db, { ...auditBy(c, clock), action: 'unit.changed', target: { kind: 'unit', id: unit.id, name: unit.name }, detail: { fields, active: unit.active } });
    return c.json(unit);
  });

  registerUnitOpenApi();
}

const UNIT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Generated; shown to nobody' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    shortName: { type: ['string', 'null'], description: '简称, the 发文机关代字 of its answer letter numbers (县卫健委函〔2026〕1号); null: the full name is used' },
    active: { type: 'boolean', description: 'False once deactivated: not offered for new work, still named on old instances' },
  },
};

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const SHORT_NAME = { type: ['string', 'null'], maxLength: UNIT_SHORT_NAME_MAX, description: '简称; blank or null clears it. No spaces, control characters or 〔〕' };

function registerUnitOpenApi(): void {
  const tags = ['units'];
  const forbidden = errorResponse('FORBIDDEN: the caller is not an admin');
  const nameTaken = errorResponse('UNIT_NAME_TAKEN with details.errors [/name]: the county has a unit of that name (deactivated ones too)');
  registerPath('get', '/api/units', {
    summary: 'Handling units (承办单位) of the caller\'s county, by id',
    tags,
    query: [{ name: 'active', description: '1/true: only units offered for new work (pickers); 0/false: only deactivated ones; absent: all', schema: { enum: ['1', '0', 'true', 'false'] } }],
    responses: {
      '200': { description: 'Units', content: json({ type: 'object', properties: { units: { type: 'array', items: UNIT_SCHEMA } } }) },
      '400': errorResponse('INVALID_QUERY'),
    },
  });
  registerPath('post', '/api/units', {
    summary: 'Add a handling unit (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string', maxLength: UNIT_NAME_MAX }, nameEn: { type: ['string', 'null'], maxLength: UNIT_NAME_EN_MAX }, shortName: SHORT_NAME },
      }),
    },
    responses: { '201': { description: 'The new unit (active)', content: json(UNIT_SCHEMA) }, '400': errorResponse('INVALID_INPUT'), '403': forbidden, '409': nameTaken },
  });
  registerPath('patch', '/api/units/{id}', {
    summary: 'Rename, set or clear the short name (简称) of, deactivate or reactivate a handling unit (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { name: { type: 'string', maxLength: UNIT_NAME_MAX }, nameEn: { type: ['string', 'null'] }, shortName: SHORT_NAME, active: { type: 'boolean' } },
      }),
    },
    responses: {
      '200': { description: 'The unit as it now is', content: json(UNIT_SCHEMA) },
      '400': errorResponse('INVALID_INPUT'),
      '403': forbidden,
      '404': errorResponse('UNIT_NOT_FOUND (also for another county\'s unit)'),
      '409': nameTaken,
    },
  });
}
