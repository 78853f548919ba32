/** The shapes of GET /api/stations, /api/reception-cadences and the reception days (server/routes/stations.ts). */
export interface StationView {
  id: string;
  name: string;
  nameEn: string | null;
  level: 'HOME' | 'STATION' | 'POINT';
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
  deputies?: Array<{ id: string; name: string; delegation: string | null }>;
}

export interface CadenceView {
  id: string;
  stationId: string | null;
  title: string;
  title_en: string;
  active: boolean;
}

export interface ReceptionDay {
  id: string;
  title: string;
  state: string;
  stateTitle: string;
  stateTitleEn: string;
  stationName: string;
  dateLabel: string;
  startsAt: string;
  place: string | null;
  noticeAt: string;
  deputies: Array<{ id: string; name: string }>;
}

export const LEVELS = [
  { id: 'HOME', title: '代表之家', title_en: 'Deputies\' home' },
  { id: 'STATION', title: '代表联络站', title_en: 'Liaison station' },
  { id: 'POINT', title: '代表联系点', title_en: 'Contact point' },
] as const;

export const WEEKDAYS = [
  { id: 1, title: '周一', title_en: 'Monday' },
  { id: 2, title: '周二', title_en: 'Tuesday' },
  { id: 3, title: '周三', title_en: 'Wednesday' },
  { id: 4, title: '周四', title_en: 'Thursday' },
  { id: 5, title: '周五', title_en: 'Friday' },
  { id: 6, title: '周六', title_en: 'Saturday' },
  { id: 7, title: '周日', title_en: 'Sunday' },
] as const;
