/**
 * Reads of constituent_contacts (migration 019), no locks:
 * - `selectContactOfIssue`: one issue's citizen with its station's manager and whether the
 *   caller is one of the station's deputies (primary key; station_deputies' primary key);
 * - `selectContactByReceipt`: the citizen's lookup by receipt code (constituent_contacts_receipt),
 *   with the issue's state and context and the station's name (instances' and stations' primary keys).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface IssueContactRow {
  station_id: string;
  station_name: string;
  manager_id: string | null;
  caller_is_station_deputy: boolean;
  citizen_name: string | null;
  citizen_phone: string;
  address: string | null;
  anonymous: boolean;
  created_at: Date | string;
}

export async function selectContactOfIssue(db: Kysely<Database>, countyId: string, instanceId: string, callerId: string): Promise<IssueContactRow | undefined> {
  const result = await sql<IssueContactRow>`
    select c.station_id, s.name as station_name, s.manager_id,
      exists (select 1 from station_deputies d where d.county_id = c.county_id and d.station_id = c.station_id and d.deputy_id = ${callerId}) as caller_is_station_deputy,
      c.citizen_name, c.citizen_phone, c.address, c.anonymous, c.created_at
    from constituent_contacts c join stations s on s.county_id = c.county_id and s.id = c.station_id
    where c.county_id = ${countyId} and c.instance_id = ${instanceId}`.execute(db);
  return result.rows[0];
}

export interface ReceiptRow {
  county_id: string;
  instance_id: string;
  citizen_phone: string;
  station_name: string;
  station_name_en: string | null;
  created_at: Date | string;
  state: string;
  status: string;
  definition_hash: string;
  context: unknown;
}

export async function selectContactByReceipt(db: Kysely<Database>, receiptHash: string): Promise<ReceiptRow | undefined> {
  const result = await sql<ReceiptRow>`
    select c.county_id, c.instance_id, c.citizen_phone, s.name as station_name, s.name_en as station_name_en, c.created_at,
      i.state, i.status, i.definition_hash, i.snapshot->'machine'->'context' as context
    from constituent_contacts c
    join stations s on s.county_id = c.county_id and s.id = c.station_id
    join instances i on i.county_id = c.county_id and i.id = c.instance_id
    where c.receipt_hash = ${receiptHash}`.execute(db);
  return result.rows[0];
}
