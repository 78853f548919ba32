/**
 * 重点督办专题 beside the ordinary task routes (issue 16 item 1): what a suggestion's page
 * offers a leader (the running themes by name), 列入重点督办专题 from that page (which completes
 * the theme's own 增列 task), and each theme's figures — on its page, and for every theme of a
 * year. Every rule is runtime/store/key-theme-addition.ts and key-theme-figures.ts.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { addToKeyTheme, getInstanceView, keyThemeFigures, keyThemeFiguresOfYear, keyThemeOffer, type CallerContext, type Database, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { integerQuery, readJson, singleQueryValues } from '../request-body.ts';

/** A theme id and a reason of 2,000 characters fit well under this. */
const BODY_MAX = 16 * 1024;

function caller(c: Context<AppEnv>): CallerContext {
  const user = currentUser(c);
  return { countyId: user.countyId, actor: { id: user.id, roles: user.roles, unitId: user.unitId, positions: user.positions, name: user.displayName } };
}

export function mountKeyThemeRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  api.get('/instances/:id/key-themes', async (c) => {
    singleQueryValues(c, []);
    return c.json(await keyThemeOffer(db, rt, caller(c), c.req.param('id')));
  });
  api.post('/instances/:id/key-themes', async (c) => {
    const who = caller(c);
    const body = await readJson(c, BODY_MAX);
    const id = await addToKeyTheme(db, rt, who, c.req.param('id'), body);
    return c.json(await getInstanceView(db, rt, who.countyId, who.actor, id));
  });
  api.get('/instances/:id/key-theme-figures', async (c) => {
    singleQueryValues(c, []);
    const who = caller(c);
    return c.json(await keyThemeFigures(db, rt, who.countyId, who.actor, c.req.param('id')));
  });
  api.get('/key-themes', requireRole('staff', 'leader', 'admin'), async (c) => {
    const q = singleQueryValues(c, ['year']);
    const year = integerQuery('year', q.year, { min: 1949, max: 2200 }) ?? new Date(rt.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
    return c.json({ year, themes: await keyThemeFiguresOfYear(db, rt, currentUser(c).countyId, year) });
  });
  registerKeyThemeOpenApi();
}

function registerKeyThemeOpenApi(): void {
  const tags = ['key supervision'];
  registerPath('get', '/api/instances/{id}/key-themes', {
    summary: '列入重点督办专题: the running themes the caller may add this suggestion to (by name), and why it cannot be added, in words (refusal)',
    tags,
    responses: { '200': { description: 'KeyThemeOffer {themes: [{id, title}], refusal}' }, '403': errorResponse('FORBIDDEN: the caller may not add suggestions to a theme (增列 is a leader’s task)'), '404': errorResponse('INSTANCE_NOT_FOUND: no such suggestion in the county') },
  });
  registerPath('post', '/api/instances/{id}/key-themes', {
    summary: '列入重点督办专题: completes the chosen theme’s 增列 task (ADD_SUGGESTIONS) with this suggestion, which is then marked key (MARK_KEY)',
    tags,
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['themeId'], additionalProperties: false, properties: { themeId: { type: 'string', maxLength: 200 }, reason: { type: 'string', maxLength: 2000 } } } } } },
    responses: {
      '200': { description: 'The suggestion’s instance view after it (its keyTheme set)' },
      '400': errorResponse('INVALID_BODY / INVALID_INPUT: not an object, an unknown key, no theme, a reason too long'),
      '403': errorResponse('FORBIDDEN: not a leader who may add to the theme'),
      '404': errorResponse('INSTANCE_NOT_FOUND: no such suggestion or theme in the county'),
      '409': errorResponse('SUGGESTION_ALREADY_KEY, SUGGESTION_IN_THEME, SUGGESTION_NOT_IN_HANDLING, KEY_THEME_NOT_OPEN'),
    },
  });
  registerPath('get', '/api/instances/{id}/key-theme-figures', {
    summary: 'A key supervision theme’s figures: suggestions, answered, concluded, the lead deputies’ ratings, visits planned/done/late, the progress meeting — with the same in words',
    tags,
    responses: { '200': { description: 'KeyThemeFigures' }, '404': errorResponse('INSTANCE_NOT_FOUND: no such theme the caller may see') },
  });
  registerPath('get', '/api/key-themes', {
    summary: 'Every key supervision theme proposed in a year (the county’s zone) with its figures',
    tags,
    query: [{ name: 'year', description: 'calendar year; this year when absent', schema: { type: 'integer', minimum: 1949, maximum: 2200 } }],
    responses: { '200': { description: '{year, themes: KeyThemeFigures[]}' }, '400': errorResponse('INVALID_QUERY'), '403': errorResponse('FORBIDDEN: staff, leaders and admins only') },
  });
}
