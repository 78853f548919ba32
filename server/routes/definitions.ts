/**
 * County customisation over HTTP: a county admin reads and saves the county's overlay of a
 * process, checks it, sees the changes against the parent, publishes versions and lists
 * them. Everything is scoped to the caller's county; nothing here edits the base.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../runtime/errors.ts';
import {
  addApiPackage,
  currentDefinition,
  diffVersions,
  effectiveDraft,
  getOverlay,
  migrateInstances,
  migrationDryRun,
  listVersions,
  publish,
  recordAudit,
  saveOverlay,
  type Database,
  type Runtime,
} from '../../runtime/store/index.ts';
import { readJson, requireRole, type AppEnv } from '../app.ts';
import { auditBy, definitionTarget } from '../audit-entry.ts';
import { registerPath } from '../openapi.ts';
import { integerQuery, isIntegerIn, isObject } from '../request-body.ts';

/** A version number: 1 … 2^31−1 (the `integer` column); `from=2147483648` was a 500 (numeric out of range). */
function versionParam(value: string | undefined, name: string): number | undefined {
  return integerQuery(name, value, { min: 1 });
}

export function mountDefinitionRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const admin = requireRole('admin');

  api.post('/definitions', requireRole('integrator'), async (c) => {
    const body = await readJson(c);
    if (!isObject(body)) throw new AppError('INVALID_BODY', 'Body must be {package: object}');
    const user = c.get('user');
    const def = await addApiPackage(db, rt, body.package, { id: user.id, countyId: user.countyId });
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'package.added', target: definitionTarget(rt, def.id), detail: { version: def.pkg.version, hash: def.hash } });
    return c.json({ id: def.id, version: def.pkg.version, hash: def.hash }, 201);
  });

  api.get('/definitions/:id', async (c) => {
    const def = await currentDefinition(db, rt, c.get('user').countyId, c.req.param('id'));
    return c.json({ id: def.id, hash: def.hash, definition: def.pkg });
  });

  api.get('/definitions/:id/overlay', admin, async (c) => {
    const user = c.get('user');
    rt.registry.latestFor(user.countyId, c.req.param('id'));
    return c.json({ overlay: await getOverlay(db, user.countyId, c.req.param('id')) });
  });

  // What the designer edits: the parent's effective definition (base + province + city), the
  // county's saved overlay, and the draft (parent + overlay) with its check errors.
  api.get('/definitions/:id/draft', admin, async (c) => {
    const user = c.get('user');
    const draft = await effectiveDraft(db, rt, user.countyId, c.req.param('id'));
    return c.json({ parent: draft.parent, overlay: await getOverlay(db, user.countyId, c.req.param('id')), definition: draft.pkg, errors: draft.errors });
  });

  api.put('/definitions/:id/overlay', admin, async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || !isObject(body.patch)) throw new AppError('INVALID_BODY', 'Body must be {patch: object} (a JSON Merge Patch)');
    const user = c.get('user');
    const draft = await saveOverlay(db, rt, user.countyId, c.req.param('id'), body.patch, user.id);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'overlay.saved', target: definitionTarget(rt, c.req.param('id')) });
    return c.json({ overlay: body.patch, definition: draft.pkg, changes: await diffVersions(db, rt, user.countyId, c.req.param('id')) });
  });

  api.post('/definitions/:id/check', admin, async (c) => {
    const body = await readJson(c).catch(() => ({}));
    const patch = isObject(body) && isObject(body.patch) ? body.patch : undefined;
    const draft = await effectiveDraft(db, rt, c.get('user').countyId, c.req.param('id'), patch);
    return c.json({ ok: draft.errors.length === 0, errors: draft.errors });
  });

  api.get('/definitions/:id/diff', async (c) => {
    const from = versionParam(c.req.query('from'), 'from');
    const to = versionParam(c.req.query('to'), 'to');
    return c.json({ changes: await diffVersions(db, rt, c.get('user').countyId, c.req.param('id'), from, to) });
  });

  api.post('/definitions/:id/publish', admin, async (c) => {
    const user = c.get('user');
    const published = await publish(db, rt, user.countyId, c.req.param('id'), user.id);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'package.published', target: definitionTarget(rt, c.req.param('id')), detail: { version: published.version, hash: published.hash } });
    return c.json(published, 201);
  });

  api.post('/definitions/:id/migrations', admin, async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || !isIntegerIn(body.from) || !isIntegerIn(body.to) || (body.mapping !== undefined && !isObject(body.mapping))) {
      throw new AppError('INVALID_BODY', 'Body must be {from: version, to: version, mapping?: {oldState: newState}, dryRun?: boolean}');
    }
    const mapping = (body.mapping ?? {}) as Record<string, string>;
    if (Object.values(mapping).some((v) => typeof v !== 'string')) throw new AppError('INVALID_BODY', 'mapping values must be state paths');
    const user = c.get('user');
    const args = [db, rt, user.countyId, c.req.param('id'), body.from as number, body.to as number, mapping] as const;
    const report = body.dryRun === false ? await migrateInstances(...args, user.id) : await migrationDryRun(...args);
    if (body.dryRun === false) await recordAudit(db, { ...auditBy(c, rt.clock), action: 'instances.migrated', target: definitionTarget(rt, c.req.param('id')), detail: { from: body.from as number, to: body.to as number, moved: report.movable.length, blocked: report.blocked.length } });
    return c.json({ dryRun: body.dryRun !== false, ...report });
  });

  api.get('/definitions/:id/versions', async (c) => {
    rt.registry.latestFor(c.get('user').countyId, c.req.param('id'));
    return c.json({ versions: await listVersions(db, c.get('user').countyId, c.req.param('id')) });
  });

  const ok = (description: string) => ({ '200': { description } });
  registerPath('post', '/api/definitions', {
    summary: 'Add a process package (integrator); checked like files in definitions/, forms inline',
    tags: ['definitions'],
    requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['package'], properties: { package: { type: 'object' } } } } } },
    responses: { '201': { description: 'Registered' }, '422': { description: 'DEFINITION_INVALID with every error code and pointer' }, '409': { description: 'DEFINITION_EXISTS' } },
  });
  registerPath('get', '/api/definitions/{id}', { summary: 'The definition new instances start on in the caller’s county', tags: ['definitions'], responses: ok('Process package') });
  registerPath('get', '/api/definitions/{id}/overlay', { summary: 'The county’s overlay (admin)', tags: ['customisation'], responses: ok('Overlay or null') });
  registerPath('get', '/api/definitions/{id}/draft', { summary: 'What the designer edits (admin): the parent’s effective definition, the county’s overlay, the draft and its check errors', tags: ['customisation'], responses: ok('Parent, overlay, draft, errors') });
  registerPath('put', '/api/definitions/{id}/overlay', {
    summary: 'Save the county’s overlay (JSON Merge Patch); refused when the result does not check or removes states in use',
    tags: ['customisation'],
    requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['patch'], properties: { patch: { type: 'object' } } } } } },
    responses: { '200': { description: 'Saved, with the effective definition and the changes against the parent' }, '422': { description: 'Check errors with pointers' }, '409': { description: 'STATE_IN_USE' } },
  });
  registerPath('post', '/api/definitions/{id}/check', { summary: 'Check the county’s draft (optionally with a patch)', tags: ['customisation'], responses: ok('{ok, errors}') });
  registerPath('get', '/api/definitions/{id}/diff', { summary: 'Changes: draft vs parent, or between versions (?from=&to=)', tags: ['customisation'], responses: ok('Change list') });
  registerPath('post', '/api/definitions/{id}/publish', { summary: 'Publish the county’s effective definition as a new version', tags: ['customisation'], responses: { '201': { description: 'The version' } } });
  registerPath('post', '/api/definitions/{id}/migrations', {
    summary: 'Move running instances between versions with a state mapping: dry run by default, {dryRun: false} moves them',
    tags: ['customisation'],
    responses: ok('Which instances move, which cannot and why'),
  });
  registerPath('get', '/api/definitions/{id}/versions', { summary: 'Published versions with who and when', tags: ['customisation'], responses: ok('Versions') });
}
