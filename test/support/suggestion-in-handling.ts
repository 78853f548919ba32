/**
 * A suggestion of demo-deputy1 walked over the API to handling by 县教育局 (accepted, assigned
 * as a general suggestion, the assignment approved): what the 重点督办专题 tests list and add.
 * Takes any `call(token, method, path, body)` — work-app's or the browser app's.
 */
import { expect } from 'vitest';

type Call = (token: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export async function suggestionInHandling(call: Call, tokens: { staff: string; deputy: string }, title: string): Promise<{ id: string; row: { instanceId: string; serialNo: string; title: string } }> {
  const s = await call(tokens.deputy, 'POST', '/definitions/suggestion/instances', { data: { title, body: '城乡学校办学条件差距较大。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' } });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  const id = s.body.id as string;
  for (const [outcome, data] of [
    ['ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT' }],
    ['PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-education', viaGovOffice: false, supervisionLevel: 'GENERAL' }],
    ['APPROVE_ASSIGNMENT', {}],
  ] as const) {
    const task = ((await call(tokens.staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId === id) as { id: string };
    const r = await call(tokens.staff, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const c = (await call(tokens.staff, 'GET', `/instances/${id}`)).body.context;
  return { id, row: { instanceId: id, serialNo: c.serialNo as string, title: c.title as string } };
}
