/** Same-run baseline: a bare Hono app on @hono/node-server answering a small JSON POST. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/api/echo', async (c) => c.json({ ok: true, got: await c.req.json() }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
