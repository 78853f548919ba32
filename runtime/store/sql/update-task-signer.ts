/**
 * A signer row moves on: its countersign task opens with the held completion (加签 after),
 * or its opinion is given (agreed / disagreed), or it is cancelled with its task. The caller
 * holds the holder task's and instance's rows (read-task.ts FOR UPDATE), so no two changes of
 * one signer race. Index: the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SignerChange {
  status: 'open' | 'agreed' | 'disagreed' | 'cancelled';
  countersignTaskId?: string;
  held?: { outcome: string; data: Record<string, unknown> } | null;
  opinion?: string | null;
  answeredAt?: Date;
}

export async function updateTaskSigner(trx: Kysely<Database>, countyId: string, id: string, c: SignerChange): Promise<void> {
  await sql`
    update task_signers set status = ${c.status},
      countersign_task_id = coalesce(${c.countersignTaskId ?? null}, countersign_task_id),
      held = ${c.held === undefined ? sql`held` : sql`${c.held === null ? null : JSON.stringify(c.held)}::jsonb`},
      opinion = ${c.opinion === undefined ? sql`opinion` : sql`${c.opinion}`},
      answered_at = ${c.answeredAt ? sql`${c.answeredAt.toISOString()}::timestamptz` : sql`answered_at`}
    where county_id = ${countyId} and id = ${id}`.execute(trx);
}
