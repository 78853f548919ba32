/**
 * The county's holiday calendar (节假日), for its admin: a year's days in words, add or remove
 * a day, import years from a file in the shape of the national calendar, go back to the
 * national year, and the status (which needed year is missing) that every admin page shows.
 * Everything is checked before anything is written (runtime/calendar/calendar-file.ts); every
 * edit is in the audit log, written in the edit's transaction.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { checkCalendarFile, checkNewDay, isDate, parseYear } from '../../runtime/calendar/index.ts';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { addCalendarDay, calendarStatus, calendarYear, importCalendarYears, removeCalendarDay, resetCalendarYear } from '../../runtime/store/calendar-admin.ts';
import type { Database, Runtime } from '../../runtime/store/index.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';

const invalid = (errors: FieldError[]) => new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });

/**
 * The year and the date travel in the query or the body, not the path: they name no object of
 * a county (every call works on the caller's county), so the route × county matrix has nothing
 * to aim at them.
 */
function yearQuery(text: string | undefined): number {
  const year = parseYear(text);
  if (year === null) throw invalid([{ pointer: '/year', message: '年份须为2000至2100的四位数字', message_en: 'the year must be four digits from 2000 to 2100' }]);
  return year;
}

export function mountCalendarRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const admin = requireRole('admin');

  api.get('/calendar/status', admin, async (c) => c.json(await calendarStatus(db, currentUser(c).countyId, rt.clock.now())));

  api.get('/calendar', admin, async (c) => c.json(await calendarYear(db, currentUser(c).countyId, yearQuery(c.req.query('year')))));

  api.post('/calendar/days', admin, async (c) => {
    const checked = checkNewDay(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const year = Number(checked.value.date.slice(0, 4));
    return c.json(await addCalendarDay(db, rt, auditBy(c, rt.clock), year, checked.value), 201);
  });

  api.delete('/calendar/days', admin, async (c) => {
    const date = c.req.query('date');
    if (!isDate(date) || parseYear(date.slice(0, 4)) === null) throw invalid([{ pointer: '/date', message: '日期须为 YYYY-MM-DD（2000至2100年）', message_en: 'must be a date YYYY-MM-DD from 2000 to 2100' }]);
    return c.json(await removeCalendarDay(db, rt, auditBy(c, rt.clock), Number(date.slice(0, 4)), date));
  });

  api.delete('/calendar', admin, async (c) => {
    return c.json(await resetCalendarYear(db, rt, auditBy(c, rt.clock), yearQuery(c.req.query('year'))));
  });

  api.post('/calendar/import', admin, async (c) => {
    const checked = checkCalendarFile(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    return c.json(await importCalendarYears(db, rt, auditBy(c, rt.clock), checked.value), 201);
  });

  registerOpenApi();
}

function registerOpenApi(): void {
  const tags = ['calendar'];
  const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
  const forbidden = errorResponse('FORBIDDEN: not an admin');
  const day = { type: 'object', properties: { date: { type: 'string', format: 'date' }, kind: { enum: ['holiday', 'workday'] }, name: { type: 'string' } } };
  const yearView = json({ type: 'object', properties: { year: { type: 'integer' }, source: { enum: ['national', 'county', 'missing'] }, national: { type: 'boolean' }, days: { type: 'array', items: day } } });
  const bad = errorResponse('INVALID_INPUT with details.errors (field errors in both languages); nothing written');
  registerPath('get', '/api/calendar/status', {
    summary: "Which years the county's holiday calendar holds and which needed year (this one; the next from 1 November) is missing, in words (admin)",
    tags,
    responses: {
      '200': { description: 'Status', content: json({ type: 'object', properties: { today: { type: 'string', format: 'date' }, knownYears: { type: 'array', items: { type: 'integer' } }, missingYears: { type: 'array', items: { type: 'integer' } }, message: { type: 'string' }, message_en: { type: 'string' } } }) },
      '403': forbidden,
    },
  });
  registerPath('get', '/api/calendar', {
    query: [{ name: 'year', required: true, description: 'YYYY, 2000–2100' }],
    summary: "A year's holidays and adjusted working days with their names, and whether they are the national calendar's or the county's own (admin)",
    tags,
    responses: { '200': { description: 'The year', content: yearView }, '400': bad, '403': forbidden },
  });
  registerPath('post', '/api/calendar/days', {
    summary: "Add a holiday or an adjusted working day; the first edit of a national year makes it the county's own (admin)",
    tags,
    requestBody: { required: true, content: json({ ...day, required: ['date', 'kind', 'name'], additionalProperties: false }) },
    responses: { '201': { description: 'The year after the edit', content: yearView }, '400': bad, '403': forbidden },
  });
  registerPath('delete', '/api/calendar/days', {
    summary: 'Remove a day from its year (admin)',
    query: [{ name: 'date', required: true, description: 'YYYY-MM-DD' }],
    tags,
    responses: { '200': { description: 'The year after the edit', content: yearView }, '400': bad, '403': forbidden },
  });
  registerPath('delete', '/api/calendar', {
    query: [{ name: 'year', required: true, description: 'YYYY' }],
    summary: "Drop the county's own year and use the national one again (admin)",
    tags,
    responses: { '200': { description: 'The year now', content: yearView }, '400': bad, '403': forbidden },
  });
  registerPath('post', '/api/calendar/import', {
    summary: "Import years from a file shaped like the national calendar ({years: {YYYY: {holidays: {name: [dates]}, workdays: [dates]}}}); each year replaces the county's year whole, all or nothing (admin)",
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['years'] }) },
    responses: { '201': { description: 'The imported years', content: json({ type: 'object', properties: { years: { type: 'array' } } }) }, '400': bad, '403': forbidden },
  });
}

