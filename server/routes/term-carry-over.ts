/**
 * The new term's deputies from the previous term (届次换届): POST /api/terms/:id/carry-over
 * {fromTermId}, for the admin's terms screen (runtime/store/term-carry-over.ts); audited.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database, Runtime } from '../../runtime/store/index.ts';
import { carryOverTerm } from '../../runtime/store/term-carry-over.ts';
import { auditBy } from '../audit-entry.ts';
import { requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';

export function mountTermCarryOverRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  api.post('/terms/:id/carry-over', requireRole('admin'), async (c) => {
    return c.json(await carryOverTerm(deps.db, auditBy(c, deps.rt.clock), c.req.param('id'), await readJson(c)));
  });
  registerPath('post', '/api/terms/{id}/carry-over', {
    summary: "Move the previous term's active deputies to this term (admin); deactivated ones stay with the old term",
    tags: ['roster'],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['fromTermId'], additionalProperties: false, properties: { fromTermId: { type: 'string' } } } } } },
    responses: {
      '200': { description: 'How many deputies moved', content: { 'application/json': { schema: { type: 'object', properties: { carried: { type: 'integer' }, from: { type: 'string' }, to: { type: 'string' } } } } } },
      '400': errorResponse('INVALID_INPUT: /termId or /fromTermId not a term of this county, the same term, or a later one'),
      '403': errorResponse('FORBIDDEN: not an admin'),
    },
  });
}
