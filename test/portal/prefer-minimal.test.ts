/**
 * The portal's start and completion calls (designer/src/api.ts `startInstance`, `completeTask`,
 * used by the start, task and meeting pages, which navigate afterwards) ask for the brief answer
 * with `Prefer: return=minimal`; other calls do not. Browser-free: the page's fetch is replaced
 * by one that records the request, so this checks what the portal sends, not the server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, completeTask, startInstance } from '../../designer/src/api.ts';

const sent: Array<{ url: string; init: RequestInit }> = [];

beforeEach(() => {
  sent.length = 0;
  const store = new Map<string, string>([['cf.token', 'tok']]);
  vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(JSON.stringify({ id: 'i1', openTasks: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the portal asks for the brief answer', () => {
  it('on a task completion and a start, with the token and the JSON body', async () => {
    await completeTask('t/1', 'RETURN_TO_DEPUTY', { reason: '一事一议' });
    await startInstance('suggestion', { title: 'x' });
    expect(sent.map((s) => s.url)).toEqual(['/api/tasks/t%2F1/complete', '/api/definitions/suggestion/instances']);
    for (const s of sent) {
      expect(s.init.method).toBe('POST');
      expect(s.init.headers).toMatchObject({ prefer: 'return=minimal', authorization: 'Bearer tok', 'content-type': 'application/json' });
    }
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ outcome: 'RETURN_TO_DEPUTY', data: { reason: '一事一议' } });
    expect(JSON.parse(String(sent[1]?.init.body))).toEqual({ data: { title: 'x' } });
  });

  it('and not on other calls', async () => {
    await api('POST', '/tasks/t1/claim', {});
    expect(sent[0]?.init.headers).not.toHaveProperty('prefer');
  });
});
