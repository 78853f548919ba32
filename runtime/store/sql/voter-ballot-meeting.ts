/**
 * What a voter's phone may say about the meeting a `VOTERS` ballot belongs to (DOMAIN §7.7): the
 * deputy's name, the term, and the meeting's date, time and place as the clerk scheduled them —
 * read from the ballot's instance context, and nothing else of it (not the report, the review,
 * the opinions). Public, so only these words leave the store.
 *
 * One statement, no lock (a read). Index: instances' primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface VoterBallotMeetingRow {
  deputy_name: string | null;
  term_name: string | null;
  date: string | null;
  time: string | null;
  place: string | null;
}

const CTX = sql`i.snapshot->'machine'->'context'`;

export async function selectVoterBallotMeeting(db: Kysely<Database>, countyId: string, instanceId: string): Promise<VoterBallotMeetingRow | null> {
  const r = await sql<VoterBallotMeetingRow>`
    select ${CTX}->>'deputyName' as deputy_name, ${CTX}->>'termName' as term_name,
      ${CTX}->'schedule'->>'date' as date, ${CTX}->'schedule'->>'time' as time, ${CTX}->'schedule'->>'place' as place
    from instances i
    where i.county_id = ${countyId} and i.id = ${instanceId}`.execute(db);
  return r.rows[0] ?? null;
}
