/**
 * Ballots with their roll counts in one statement, for the staff list, the deputy's list and
 * one ballot's view. No lock: a turnout read while votes come in is a moment's count.
 *
 * Indexes: ballots by its primary key prefix (county_id) — by ballots_instance (county_id,
 * instance_id, ballot_key) for one instance's ballots; each ballot's roll is one range of
 * ballot_voters' primary key (county_id, ballot_id, deputy_id), and so is the `onRollOf`
 * check. `deputyId` adds whether that deputy is on the roll and has voted (`mine`).
 */
import { sql, type Kysely } from 'kysely';
import type { BallotStatus, Database, ElectorateKind } from '../schema.ts';

export interface BallotViewRow {
  id: string;
  title: string;
  status: BallotStatus;
  spec: unknown;
  electorate_kind: ElectorateKind;
  instance_id: string | null;
  term_id: string | null;
  secret: boolean;
  sealed: boolean;
  joint_key: string | null;
  paper: unknown;
  opened_at: Date | null;
  closed_at: Date | null;
  issued: number;
  turnout: number;
  /** Null when `deputyId` is not on the roll; whether they voted otherwise. */
  mine: boolean | null;
}

export interface BallotFilter {
  ballotId?: string;
  instanceId?: string;
  /** Only ballots, open or after, whose roll has this deputy, and every ballot they are a teller of. */
  onRollOf?: string;
}

/** Newest first. */
export async function selectBallotViews(db: Kysely<Database>, countyId: string, where: BallotFilter, deputyId?: string): Promise<BallotViewRow[]> {
  const result = await sql<BallotViewRow>`
    select b.id, b.title, b.status, b.spec, b.electorate_kind, b.instance_id, b.term_id, b.secret, b.sealed, b.joint_key, b.paper, b.opened_at, b.closed_at, b.created_at,
      count(v.deputy_id)::int as issued, count(*) filter (where v.voted)::int as turnout,
      bool_or(v.voted) filter (where v.deputy_id = ${deputyId ?? ''}) as mine
    from ballots b left join ballot_voters v on v.county_id = b.county_id and v.ballot_id = b.id
    where b.county_id = ${countyId}
      ${where.ballotId !== undefined ? sql`and b.id = ${where.ballotId}` : sql``}
      ${where.instanceId !== undefined ? sql`and b.instance_id = ${where.instanceId}` : sql``}
      ${where.onRollOf !== undefined ? sql`and ((b.status in ('open', 'counting', 'closed') and exists (select 1 from ballot_voters m where m.county_id = b.county_id and m.ballot_id = b.id and m.deputy_id = ${where.onRollOf}))
        or exists (select 1 from ballot_tellers t where t.county_id = b.county_id and t.ballot_id = b.id and t.user_id = ${where.onRollOf}))` : sql``}
    group by b.county_id, b.id
    order by b.created_at desc, b.id`.execute(db);
  return result.rows;
}
