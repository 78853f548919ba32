/**
 * Driving processes through the work API as the users who hold the tasks: log in (tokens kept
 * per simulated time, since a jump of days expires them), find a user's task of an instance
 * by the outcome it offers, complete it, read the instance.
 */
import { expect } from 'vitest';
import type { WorkApp } from './work-app.ts';

export interface DriverTask {
  id: string;
  instanceId: string;
  title: string;
  dueAt: string | null;
  outcomes: Array<{ event: string }>;
}

/** `T`: the task fields a test reads (the API returns more). */
export function taskDriver<T extends DriverTask = DriverTask>(w: WorkApp) {
  const tokens = new Map<string, string>();
  const token = async (user: string): Promise<string> => {
    const key = `${user}@${w.clock.now().toISOString()}`;
    if (!tokens.has(key)) tokens.set(key, await w.login(user));
    return tokens.get(key) as string;
  };
  const inbox = async (user: string, instanceId?: string): Promise<T[]> =>
    ((await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks as T[]).filter((t) => !instanceId || t.instanceId === instanceId);
  /** Completes `user`'s task of the instance that offers `outcome`; returns the raw response. */
  const complete = async (user: string, instanceId: string, outcome: string, data?: unknown) => {
    const task = (await inbox(user, instanceId)).find((t) => t.outcomes.some((o) => o.event === outcome));
    expect(task, `${user} has ${outcome}`).toBeDefined();
    return w.call(await token(user), 'POST', `/tasks/${(task as DriverTask).id}/complete`, { outcome, data });
  };
  /** As `complete`, expecting success; returns the instance view after the step. */
  const act = async (user: string, instanceId: string, outcome: string, data?: unknown) => {
    const r = await complete(user, instanceId, outcome, data);
    expect(r.status, `${user} ${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const view = async (id: string, user = 'staff') => (await w.call(await token(user), 'GET', `/instances/${id}`)).body;
  return { token, inbox, complete, act, view };
}
