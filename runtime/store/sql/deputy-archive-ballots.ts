/**
 * The ballots a deputy attended in a year (民生实事票决, the satisfaction tests of supervision and
 * of other processes): only that they voted — the roll row, never the marks (a secret ballot's
 * roll has none; a real-name ballot's `marks` are not selected), never the box. The year is the
 * day the ballot closed, else opened, in the county's zone. No lock: a read.
 *
 * Index: ballot_voters_deputy (county_id, deputy_id) where voted (migration 025) finds the
 * deputy's roll rows; ballots and instances by their primary keys. A county holds a few ballots
 * a year (票决, 测评), so the deputy's rows are a handful; it is part of the read model's figure
 * in sql/deputy-archive-instances.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ArchiveBallotRow {
  id: string;
  title: string;
  status: string;
  day: string;
  instance_id: string | null;
  instance_title: string | null;
  definition_id: string | null;
  definition_hash: string | null;
}

export async function selectArchiveBallots(db: Kysely<Database>, countyId: string, deputyId: string, year: number): Promise<ArchiveBallotRow[]> {
  const r = await sql<ArchiveBallotRow>`
    select b.id, b.title, b.status,
      to_char(coalesce(b.closed_at, b.opened_at, b.created_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
      b.instance_id, i.title as instance_title, i.definition_id, i.definition_hash
    from ballot_voters v
    join ballots b on b.county_id = v.county_id and b.id = v.ballot_id
    left join instances i on i.county_id = b.county_id and i.id = b.instance_id
    where v.county_id = ${countyId} and v.deputy_id = ${deputyId} and v.voted
      and to_char(coalesce(b.closed_at, b.opened_at, b.created_at) at time zone 'Asia/Shanghai', 'YYYY') = ${String(year)}
    order by day, b.id`.execute(db);
  return r.rows;
}
