/**
 * The demo county's stations (示范县, seeded with the demo data): a 代表之家, a 代表联络站 and a
 * 代表联系点 with deputies attached, a weekly reception day at the home (every Monday
 * 09:00–11:00, two deputies on duty in turn) and the station's on the 15th of odd months, so a
 * fresh `npm start` shows a calendar, a QR poster and deputies' duty days. Skipped when the
 * county already has a station (idempotent, like the rest of the demo seed).
 */
import type { Kysely } from 'kysely';
import { createCadence } from './receptions.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { DEMO_COUNTY_CODE } from './seed.ts';
import { createStation } from './stations.ts';
import { isUniqueViolation } from './users.ts';
import { stationRows } from './sql/station-rows.ts';

const DEMO_STATIONS = [
  { id: 'demo-station-home', name: '城关镇人大代表之家', level: 'HOME', township: '城关镇', address: '城关镇人民路18号', grids: ['东街社区网格', '西街社区网格'], deputyIds: ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'] },
  { id: 'demo-station-east', name: '东湖街道代表联络站', level: 'STATION', township: '东湖街道', address: '东湖街道湖滨路6号', grids: ['湖滨网格'], deputyIds: ['demo-deputy4', 'demo-deputy5'] },
  { id: 'demo-station-point', name: '青石村代表联系点', level: 'POINT', township: '城关镇', address: '青石村村委会', grids: ['青石村网格'], deputyIds: ['demo-deputy3'] },
] as const;

export async function seedDemoStations(db: Kysely<Database>, rt: Runtime): Promise<number> {
  if ((await stationRows(db, DEMO_COUNTY_CODE, {})).length > 0) return 0;
  for (const s of DEMO_STATIONS) {
    try {
      await inTransaction(db, (trx) =>
        createStation(trx, DEMO_COUNTY_CODE, { name: s.name, nameEn: null, level: s.level, township: s.township, address: s.address, managerId: 'demo-staff', grids: [...s.grids], deputyIds: [...s.deputyIds] }, { newId: () => s.id }),
      );
    } catch (err) {
      // Two servers started at once both found no station: the other one is seeding them.
      if (isUniqueViolation(err)) return 0;
      throw err;
    }
  }
  const caller = { countyId: DEMO_COUNTY_CODE, actor: { id: 'demo-admin', roles: ['admin', 'staff'], unitId: null, name: '系统管理员' } };
  const weekly = await createCadence(db, rt, caller, { stationId: 'demo-station-home', rule: { kind: 'WEEKLY', weekday: 1 }, startTime: '09:00', endTime: '11:00', place: null, deputiesPerSession: 2 });
  const odd = await createCadence(db, rt, caller, { stationId: 'demo-station-east', rule: { kind: 'MONTHLY', day: 15, months: 'ODD' }, startTime: '09:00', endTime: '11:00', place: null, deputiesPerSession: 0 });
  return weekly.made + odd.made;
}
