/**
 * The 重点督办专题 of a county (definitions/key-supervision instances) with what their figures
 * read from the theme itself (key-theme-figures.ts): the theme, its leading member, the
 * suggestions listed, the visits planned and recorded, the progress meeting, and from the
 * theme's tasks how many visits were (or are now) late. Either one theme (`id`) or the themes
 * proposed in a calendar year of the county's zone (`from`..`to`, context.proposedAt; a draft
 * never proposed has none and is in no year).
 *
 * One statement, no lock (a read of committed rows). Indexes: the themes come from
 * instances_list (county_id, definition_id, updated_at desc) or the primary key for one id;
 * each theme's tasks from tasks_instance (county_id, instance_id). A county has a few themes a
 * year (Chengdu: 8), each a handful of tasks.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface KeyThemeRow {
  id: string;
  title: string;
  state: string;
  status: string;
  leadLeaderId: string | null;
  proposedAt: string | null;
  approvedAt: string | null;
  /** context.suggestions: the rows listed (at 提出 and by 增列). */
  suggestions: Array<{ instanceId: string; serialNo: string | null; title: string }>;
  visitsPlanned: number;
  visitsDone: number;
  /** Visit tasks recorded after their day, or open past it now. */
  visitsLate: number;
  meetingDate: string | null;
  meetingDone: boolean;
  /** The meeting's task recorded after its day, or open past it now. */
  meetingLate: boolean;
}

export type KeyThemeScope = { id: string } | { from: Date; to: Date };

export async function selectKeyThemeRows(db: Kysely<Database>, countyId: string, scope: KeyThemeScope, now: Date): Promise<KeyThemeRow[]> {
  const where = 'id' in scope ? sql`i.id = ${scope.id}` : sql`(x.ctx ->> 'proposedAt')::timestamptz >= ${scope.from} and (x.ctx ->> 'proposedAt')::timestamptz < ${scope.to}`;
  const late = (event: string) => sql`(select count(*) from tasks t where t.county_id = i.county_id and t.instance_id = i.id and t.outcomes ? ${event} and t.due_at is not null
      and ((t.status = 'completed' and t.closed_at > t.due_at) or (t.status = 'open' and t.due_at < ${now})))::int`;
  const rows = await sql<KeyThemeRow>`
    select i.id, i.title, i.state, i.status,
      x.ctx ->> 'leadLeaderId' as "leadLeaderId",
      x.ctx ->> 'proposedAt' as "proposedAt",
      x.ctx ->> 'approvedAt' as "approvedAt",
      coalesce(x.ctx -> 'suggestions', '[]'::jsonb) as suggestions,
      (case when jsonb_typeof(x.ctx -> 'visits') = 'array' then jsonb_array_length(x.ctx -> 'visits') else 0 end) as "visitsPlanned",
      (case when jsonb_typeof(x.ctx -> 'visitRecords') = 'array' then jsonb_array_length(x.ctx -> 'visitRecords') else 0 end) as "visitsDone",
      ${late('RECORD_VISIT')} as "visitsLate",
      x.ctx #>> '{meeting,date}' as "meetingDate",
      coalesce((x.ctx ->> 'meetingDone')::boolean, false) as "meetingDone",
      ${late('RECORD_MEETING')} > 0 as "meetingLate"
    from instances i cross join lateral (select i.snapshot #> '{machine,context}' as ctx offset 0) x
    where i.county_id = ${countyId} and i.definition_id = 'key-supervision' and i.parent_id is null and ${where}
    order by x.ctx ->> 'proposedAt', i.id`.execute(db);
  return rows.rows.map((r) => ({ ...r, visitsPlanned: Number(r.visitsPlanned), visitsDone: Number(r.visitsDone), visitsLate: Number(r.visitsLate), meetingDone: Boolean(r.meetingDone), meetingLate: Boolean(r.meetingLate) }));
}
