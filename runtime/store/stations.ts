/**
 * The registry of deputies' stations (代表之家 / 代表联络站 / 代表联系点, DOMAIN §6.1): create,
 * change, deactivate, attach and detach deputies, list, and the public code the station's QR
 * code carries. Every lookup is by the caller's county: another county's station is a 404.
 *
 * The public code is 128 random bits from the OS (base64url, 22 characters), drawn here at the
 * edge and passed to the SQL as a value; it is printed in the QR code instead of the id, and a
 * new one retires the old (a lost poster stops working).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import type { Database, StationLevel } from './schema.ts';
import { attachStationDeputies } from './sql/attach-station-deputies.ts';
import { detachStationDeputy } from './sql/detach-station-deputy.ts';
import { insertStation } from './sql/insert-station.ts';
import { knownDeputies } from './sql/known-deputies.ts';
import { knownUsers } from './sql/known-users.ts';
import { stationDeputyRows } from './sql/station-deputy-rows.ts';
import { stationRows, type StationRow, type StationRowFilter } from './sql/station-rows.ts';
import { updateStationRow } from './sql/update-station.ts';
import { STATION_LEVEL_TITLES, type StationFields, type StationPatch } from './station-input.ts';
import type { StationView } from './station-views.ts';
export type { StationDeputyView, StationView } from './station-views.ts';

/** 128 random bits from the OS as 22 base64url characters: unguessable, fits a small QR code. */
export function newPublicCode(): string {
  return randomBytes(16).toString('base64url');
}

function toView(r: StationRow): StationView {
  const level = STATION_LEVEL_TITLES[r.level];
  const grids = typeof r.grids === 'string' ? (JSON.parse(r.grids) as unknown) : r.grids;
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    level: r.level,
    levelTitle: level.title,
    levelTitleEn: level.title_en,
    township: r.township,
    address: r.address,
    managerId: r.manager_id,
    managerName: r.manager_name,
    grids: Array.isArray(grids) ? grids.filter((g): g is string => typeof g === 'string') : [],
    publicCode: r.public_code,
    active: r.active,
    deputyCount: Number(r.deputy_count),
  };
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', `有 ${errors.length} 处填写有误 / ${errors.length} field error(s)`, { errors });
}

/** Unknown managers and deputies as field errors, so nothing is written and the form shows each. */
async function referenceErrors(db: Kysely<Database>, countyId: string, managerId: string | null | undefined, deputyIds: readonly string[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (managerId) {
    if (!(await knownUsers(db, countyId, [managerId])).has(managerId)) errors.push({ pointer: '/managerId', message: '本县没有这位用户', message_en: 'is not an active user of this county' });
  }
  const known = await knownDeputies(db, countyId, deputyIds);
  deputyIds.forEach((id, i) => {
    if (!known.has(id)) errors.push({ pointer: `/deputyIds/${i}`, message: '本县代表名册中没有这位代表', message_en: 'is not an active deputy of this county' });
  });
  return errors;
}

export async function listStations(db: Kysely<Database>, countyId: string, filter: Omit<StationRowFilter, 'id'> = {}): Promise<StationView[]> {
  return (await stationRows(db, countyId, filter)).map(toView);
}

export async function getStation(db: Kysely<Database>, countyId: string, id: string): Promise<StationView> {
  const [row] = await stationRows(db, countyId, { id });
  if (!row) throw new AppError('STATION_NOT_FOUND', `No station ${id} in this county`);
  const deputies = (await stationDeputyRows(db, countyId, [id])).map((d) => ({ id: d.id, name: d.name, delegation: d.delegation }));
  return { ...toView(row), deputies };
}

/** Call inside a transaction (with the audit entry): the station and its deputies commit together. */
export async function createStation(
  trx: Kysely<Database>,
  countyId: string,
  input: StationFields & { deputyIds: string[] },
  ids: { newId: () => string; newCode?: () => string },
): Promise<StationView> {
  const errors = await referenceErrors(trx, countyId, input.managerId, input.deputyIds);
  if (errors.length > 0) throw invalid(errors);
  const id = ids.newId();
  await insertStation(trx, countyId, { ...input, id, publicCode: (ids.newCode ?? newPublicCode)() });
  await attachStationDeputies(trx, countyId, id, input.deputyIds);
  return getStation(trx, countyId, id);
}

export async function updateStation(db: Kysely<Database>, countyId: string, id: string, patch: StationPatch): Promise<StationView> {
  const errors = await referenceErrors(db, countyId, patch.managerId, []);
  if (errors.length > 0) throw invalid(errors);
  if (!(await updateStationRow(db, countyId, id, patch))) throw new AppError('STATION_NOT_FOUND', `No station ${id} in this county`);
  return getStation(db, countyId, id);
}

/** A new public code: the old QR posters stop opening the form. */
export async function regeneratePublicCode(db: Kysely<Database>, countyId: string, id: string, newCode: () => string = newPublicCode): Promise<StationView> {
  if (!(await updateStationRow(db, countyId, id, { publicCode: newCode() }))) throw new AppError('STATION_NOT_FOUND', `No station ${id} in this county`);
  return getStation(db, countyId, id);
}

export async function attachDeputies(db: Kysely<Database>, countyId: string, id: string, deputyIds: string[]): Promise<StationView> {
  await getStation(db, countyId, id);
  const errors = await referenceErrors(db, countyId, null, deputyIds);
  if (errors.length > 0) throw invalid(errors);
  await attachStationDeputies(db, countyId, id, deputyIds);
  return getStation(db, countyId, id);
}

export async function detachDeputy(db: Kysely<Database>, countyId: string, id: string, deputyId: string): Promise<StationView> {
  await getStation(db, countyId, id);
  if (!(await detachStationDeputy(db, countyId, id, deputyId))) {
    throw new AppError('INVALID_INPUT', '这位代表不在本站', { errors: [{ pointer: '/deputyId', message: '这位代表不在本站', message_en: 'is not attached to this station' }] });
  }
  return getStation(db, countyId, id);
}
