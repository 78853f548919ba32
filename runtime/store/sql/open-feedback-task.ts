/**
 * The open task of an issue that takes the citizen's feedback (outcome FEEDBACK), if the issue
 * waits for it. Index: tasks_instance (county_id, instance_id). No lock: completing the task
 * (instance-service.ts) checks that it is still open under the instance's version.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectOpenFeedbackTask(db: Kysely<Database>, countyId: string, instanceId: string): Promise<string | undefined> {
  const result = await sql<{ id: string }>`
    select id from tasks
    where county_id = ${countyId} and instance_id = ${instanceId} and status = 'open' and outcomes ? 'FEEDBACK'
    limit 1`.execute(db);
  return result.rows[0]?.id;
}
