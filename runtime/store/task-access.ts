/** Who may act on a task: its role, and its assignee and unit when it names them. */
import type { Actor } from '../engine/index.ts';

export function mayAct(actor: Actor, task: { role: string; assignee_id: string | null; unit_id: string | null }): boolean {
  if (!actor.roles.includes(task.role)) return false;
  if (task.assignee_id && task.assignee_id !== actor.id) return false;
  if (task.unit_id && task.unit_id !== (actor.unitId ?? null)) return false;
  return true;
}
