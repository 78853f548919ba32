/**
 * The shapes the stations API answers with (server/routes/stations.ts): GET /api/stations,
 * /api/reception-cadences and the reception days. runtime/store/stations.ts and receptions.ts
 * build them and the portal (designer/src/stations) reads them. Types only, no code: the
 * designer imports this module with `import type`, so nothing of the server reaches the bundle.
 */
import type { CadenceRule } from './reception-cadence.ts';
import type { StationLevel } from './schema.ts';

export interface StationDeputyView {
  id: string;
  name: string;
  delegation: string | null;
}

export interface StationView {
  id: string;
  name: string;
  nameEn: string | null;
  level: StationLevel;
  levelTitle: string;
  levelTitleEn: string;
  township: string | null;
  address: string | null;
  managerId: string | null;
  managerName: string | null;
  grids: string[];
  publicCode: string;
  active: boolean;
  deputyCount: number;
  /** Only on a single station's view. */
  deputies?: StationDeputyView[];
}

export interface CadenceView {
  id: string;
  stationId: string | null;
  stationName: string | null;
  title: string;
  title_en: string;
  rule: CadenceRule;
  startTime: string;
  endTime: string;
  place: string | null;
  deputiesPerSession: number;
  generatedUntil: string;
  active: boolean;
}

export interface ReceptionDayView {
  id: string;
  title: string;
  state: string;
  stateTitle: string;
  stateTitleEn: string;
  stationId: string;
  stationName: string;
  startsAt: string;
  endsAt: string;
  dateLabel: string;
  place: string | null;
  noticeAt: string;
  deputies: Array<{ id: string; name: string }>;
  record: { deputiesPresent: string[]; citizensReceived: number; issuesRecorded: number; summary?: string } | null;
}
