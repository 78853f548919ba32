/** The shapes of GET /api/stations, /api/reception-cadences and the reception days (server/routes/stations.ts): the server's own, runtime/store/station-views.ts. */
import type { ReceptionDayView } from '../../../runtime/store/station-views.ts';

export type { CadenceView, StationView } from '../../../runtime/store/station-views.ts';
export type ReceptionDay = ReceptionDayView;

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
