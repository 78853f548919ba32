/**
 * Keeps who raised a constituent issue beside its instance (constituent_contacts, migration
 * 019). A plain insert into the primary key (county_id, instance_id); the unique
 * constituent_contacts_receipt refuses a receipt code drawn twice (2^-60 for 12 base-32 digits).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ContactRow {
  county_id: string;
  instance_id: string;
  station_id: string;
  citizen_name: string | null;
  citizen_phone: string;
  address: string | null;
  anonymous: boolean;
  receipt_hash: string;
  created_at: Date;
}

export async function insertConstituentContact(db: Kysely<Database>, row: ContactRow): Promise<void> {
  await db.insertInto('constituent_contacts').values(row).execute();
}
