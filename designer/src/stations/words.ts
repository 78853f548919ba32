/**
 * The words of the station pages (designer/src/stations/), Chinese and English, kept beside
 * the pages so the shared table (i18n.ts) grows by the two header keys only.
 */
import { lang } from '../i18n.ts';

const WORDS = {
  stationsTitle: ['代表联络站', 'Deputies\' stations'],
  stationsIntro: ['本县的代表之家、代表联络站和代表联系点：进站代表、接待日安排和选民扫码反映意见的二维码。', 'The county\'s deputies\' homes, liaison stations and contact points: the deputies attached, the reception days and the QR code citizens scan to reach the station.'],
  newStation: ['新建站点', 'New station'],
  createStation: ['创建站点', 'Create station'],
  stationName: ['站点名称', 'Station name'],
  level: ['类别', 'Kind'],
  township: ['所在镇（街道）', 'Town or sub-district'],
  address: ['地址', 'Address'],
  manager: ['站长（联络员）', 'Station manager'],
  grids: ['联系网格', 'Grids'],
  gridsHint: ['多个网格用顿号或逗号隔开', 'Separate several grids with commas'],
  deputies: ['进站代表', 'Deputies attached'],
  deputyCount: ['{n} 名代表', '{n} deputies'],
  noStations: ['还没有站点', 'No station yet'],
  open: ['打开', 'Open'],
  active: ['在用', 'Active'],
  inactive: ['已停用', 'Deactivated'],
  deactivate: ['停用站点', 'Deactivate'],
  reactivate: ['重新启用', 'Reactivate'],
  created: ['已创建站点', 'Station created'],
  addDeputies: ['添加进站代表', 'Attach deputies'],
  add: ['添加', 'Add'],
  detach: ['移出', 'Detach'],
  pickDeputy: ['输入姓名或拼音首字母查找代表', 'Type a name or pinyin initials to find a deputy'],
  pickUser: ['输入姓名或拼音首字母查找', 'Type a name or pinyin initials'],
  cadences: ['接待周期', 'Reception cadences'],
  noCadences: ['还没有接待周期', 'No cadence yet'],
  newCadence: ['设置接待周期', 'Set a reception cadence'],
  cadenceKind: ['周期', 'Repeats'],
  weekly: ['每周', 'Every week'],
  monthly: ['每月', 'Every month'],
  weekday: ['星期', 'Weekday'],
  dayOfMonth: ['日期（每月几日）', 'Day of the month'],
  months: ['月份', 'Months'],
  allMonths: ['每月', 'Every month'],
  oddMonths: ['单月', 'Odd months'],
  evenMonths: ['双月', 'Even months'],
  startTime: ['开始时间', 'Starts'],
  endTime: ['结束时间', 'Ends'],
  perSession: ['每次值班代表人数', 'Deputies on duty each time'],
  perSessionHint: ['填 0 表示全部进站代表都值班；填 2 表示每次 2 人轮流值班', '0: every deputy attached; 2: two at a time, in turn'],
  place: ['接待地点（不填则为站点地址）', 'Place (blank: the station\'s address)'],
  saveCadence: ['保存并排出接待日', 'Save and schedule the days'],
  cadenceSaved: ['已设置接待周期，排出 {n} 个接待日', 'Cadence set; {n} reception days scheduled'],
  stopCadence: ['停用周期', 'Stop'],
  calendar: ['接待日安排', 'Reception days'],
  noReceptions: ['近期没有接待日', 'No reception day coming'],
  onDuty: ['值班代表', 'On duty'],
  noticeAt: ['公告时间', 'Notice'],
  qr: ['二维码海报', 'QR poster'],
  posterLead: ['扫码反映意见建议', 'Scan to tell us your views'],
  posterNote: ['用手机扫描二维码，填写您的意见建议，我们会及时转交办理并答复。', 'Scan the code with your phone and write down your views; we pass them on and reply.'],
  print: ['打印', 'Print'],
  newCode: ['更换二维码', 'New QR code'],
  newCodeConfirm: ['更换后，已张贴的旧二维码将失效。', 'Printed posters with the old code stop working.'],
  codeRenewed: ['已更换二维码，请重新打印海报', 'New code drawn; print the poster again'],
  back: ['返回站点列表', 'Back to the stations'],
  myDutyTitle: ['我的接待值班', 'My duty days'],
  myDutyIntro: ['您近期在代表联络站值班接待选民的安排。', 'Your coming days on duty at deputies\' stations.'],
  noDuty: ['近期没有您的值班安排', 'No duty day coming'],
  with: ['同班代表', 'With'],
  readOnly: ['只有人大工作人员和管理员可以修改站点。', 'Only the office may change stations.'],
} as const;

export type StationWord = keyof typeof WORDS;

export function sw(key: StationWord, values: Record<string, string | number> = {}): string {
  const [zh, en] = WORDS[key];
  const text: string = lang() === 'en' ? en : zh;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(values, k) ? String(values[k]) : m));
}
