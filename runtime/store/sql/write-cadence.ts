/**
 * Insert a cadence, or move one on after the generator made its days (generated_until,
 * sessions_made) or an admin stopped it (active). Each one statement by primary key
 * (county_id, id); the generator's update runs under the row lock cadence-rows.ts took.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface NewCadenceRow {
  id: string;
  stationId: string | null;
  title: string;
  rule: unknown;
  startTime: string;
  endTime: string;
  place: string | null;
  deputiesPerSession: number;
  generatedUntil: Date;
  createdBy: string | null;
}

export async function insertCadence(db: Kysely<Database>, countyId: string, c: NewCadenceRow): Promise<void> {
  await db
    .insertInto('reception_cadences')
    .values({
      county_id: countyId,
      id: c.id,
      station_id: c.stationId,
      title: c.title,
      rule: JSON.stringify(c.rule),
      start_time: c.startTime,
      end_time: c.endTime,
      place: c.place,
      deputies_per_session: c.deputiesPerSession,
      generated_until: c.generatedUntil,
      created_by: c.createdBy,
    })
    .execute();
}

export async function updateCadence(db: Kysely<Database>, countyId: string, id: string, set: { generatedUntil?: Date; sessionsMade?: number; active?: boolean }): Promise<boolean> {
  const res = await db
    .updateTable('reception_cadences')
    .set({
      ...(set.generatedUntil ? { generated_until: set.generatedUntil } : {}),
      ...(set.sessionsMade !== undefined ? { sessions_made: set.sessionsMade } : {}),
      ...(set.active !== undefined ? { active: set.active } : {}),
    })
    .where('county_id', '=', countyId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
