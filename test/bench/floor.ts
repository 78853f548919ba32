/**
 * Same-run floor for W1 (issue 17): a bare Hono server with a `pg` pool doing, per request, only
 * what a task completion cannot avoid — read the task and its instance by key, then ONE
 * statement that bumps the instance version, appends the event, closes the task and opens the
 * next. It runs on the bench database's own tables (same rows, indexes and row widths as W1),
 * with the same pool size, prepared statements and generic plans as the server (runtime/store/db.ts),
 * and is driven by the same load generator, clients and payload as W1.
 *
 * What it leaves out is exactly what the gap consists of: the login token's check, the form's
 * validation, the engine step, the definition's effects (notifications, timers, the statistics
 * projection), the history/view in the answer, and the store's bookkeeping.
 */
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { DEFAULT_POOL_SIZE } from '../../runtime/store/db.ts';

const COUNTY = process.env.FLOOR_COUNTY ?? 'demo';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: DEFAULT_POOL_SIZE, options: '-c plan_cache_mode=force_generic_plan' });

// Index: tasks (county_id, id) primary key; instances (county_id, id) primary key.
const READ = `select t.instance_id, t.key, t.status, i.version, i.state
  from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
  where t.county_id = $1 and t.id = $2`;

// One round trip, all parts hanging off `upd` (as runtime/store/sql/step-write.ts does): the
// version check and bump take the instance row lock; nothing is written when it fails.
const WRITE = `with upd as (
    update instances set version = version + 1, updated_at = now()
    where county_id = $1 and id = $2 and version = $3
    returning version
  ), ev as (
    insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
    select $1, $2, upd.version, $4, $5, now(), $6::jsonb, $7, $7 from upd
  ), closed as (
    update tasks set status = 'completed', outcome = $4, completed_by = $5, closed_at = now()
    where county_id = $1 and id = $8 and status = 'open' and exists (select 1 from upd)
  ), opened as (
    insert into tasks (county_id, id, instance_id, key, state_id, role, title, outcomes, status, created_at)
    select $1, $9, $2, $10, $7, 'deputy', '修改建议', '[]'::jsonb, 'open', now() from upd
  )
  select version from upd`;

const app = new Hono();
app.post('/api/tasks/:id/complete', async (c) => {
  const id = c.req.param('id');
  const body = (await c.req.json()) as { outcome: string; data: unknown };
  const read = await pool.query({ name: 'floor_read', text: READ, values: [COUNTY, id] });
  const task = read.rows[0] as { instance_id: string; key: string; status: string; version: number; state: string } | undefined;
  if (!task || task.status !== 'open') return c.json({ error: 'NOT_FOUND' }, 404);
  const next = randomUUID();
  const written = await pool.query({
    name: 'floor_write',
    text: WRITE,
    values: [COUNTY, task.instance_id, task.version, body.outcome, 'demo-staff', JSON.stringify({ data: body.data, taskKey: task.key }), task.state, id, next, `${task.key}-floor`],
  });
  if (written.rowCount === 0) return c.json({ error: 'CONFLICT' }, 409);
  return c.json({ id: task.instance_id, version: (written.rows[0] as { version: number }).version, next });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
