/**
 * The words of the admin screens (designer/src/admin/), Chinese and English, in the shape of
 * i18n.ts's table: kept beside the pages they belong to so the shared table grows by one key
 * (the header's 管理) only. Role titles here are the long, formal ones an admin assigns; the
 * header keeps i18n.ts's short ones.
 */
import { lang } from '../i18n.ts';

const WORDS = {
  adminTitle: ['系统管理', 'Administration'],
  adminOnly: ['此页面仅供系统管理员使用。您的账号没有管理权限，如需调整用户或承办单位，请联系本县系统管理员。', 'This page is for county administrators only. Your account may not manage users or units; ask your county administrator.'],
  backToWork: ['返回我的工作', 'Back to my work'],
  tabUsers: ['用户与角色', 'Users and roles'],
  tabUnits: ['承办单位', 'Handling units'],
  tabRoster: ['代表名册导入', 'Deputy roster import'],
  tabTerms: ['届次与会次', 'Terms and sessions'],
  save: ['保存', 'Save'],
  saving: ['正在保存…', 'Saving…'],
  close: ['关闭', 'Close'],
  status: ['状态', 'Status'],
  actions: ['操作', 'Actions'],
  active: ['在用', 'Active'],
  inactive: ['已停用', 'Deactivated'],
  deactivate: ['停用', 'Deactivate'],
  reactivate: ['重新启用', 'Reactivate'],
  none: ['无', 'None'],
  // users
  searchUsers: ['搜索姓名、用户名或单位', 'Search by name, username or unit'],
  newUser: ['新建用户', 'New user'],
  createUser: ['创建用户', 'Create user'],
  displayName: ['姓名', 'Name'],
  usernameLabel: ['用户名（登录用）', 'Username (to log in)'],
  usernameHint: ['2至32位字母、数字或 . _ -，创建后不能修改', '2 to 32 letters, digits, ".", "_" or "-"; cannot be changed later'],
  initialPassword: ['初始密码', 'Initial password'],
  passwordHint: ['至少10位（首尾空格不计），不能是常见密码、不能包含用户名或简单重复；请当面或电话告知本人', 'At least 10 characters (not counting spaces at either end), not a common password, not containing the username, not a simple repeat; tell the person directly'],
  roles: ['角色', 'Roles'],
  unit: ['承办单位', 'Handling unit'],
  unitHint: ['选择“承办单位经办人”角色时必填', 'Required for a clerk of a handling unit'],
  usernameShort: ['用户名', 'username'],
  noUnit: ['（不属于承办单位）', '(no handling unit)'],
  users: ['用户', 'Users'],
  userCount: ['{n} 人', '{n} users'],
  userCountOne: ['1 人', '1 user'],
  edit: ['编辑', 'Edit'],
  editUser: ['编辑用户', 'Edit user'],
  userCreated: ['已创建用户', 'User created'],
  userSaved: ['已保存', 'Saved'],
  deactivateUser: ['停用账号', 'Deactivate account'],
  reactivateUser: ['启用账号', 'Reactivate account'],
  userDeactivated: ['账号已停用，该用户不能再登录', 'Account deactivated; the user can no longer log in'],
  userReactivated: ['账号已启用', 'Account reactivated'],
  resetPassword: ['重设密码', 'Reset password'],
  newPassword: ['新密码', 'New password'],
  passwordReset: ['密码已重设，请告知本人', 'Password reset; tell the person'],
  yourself: ['这是您自己的账号。', 'This is your own account.'],
  shownFirst: ['共 {n} 人，显示前 {m} 人，请用搜索缩小范围', '{n} people; the first {m} are shown, search to narrow'],
  noMatch: ['没有符合条件的用户', 'No user matches'],
  inactiveUnitMark: ['（已停用）', ' (deactivated)'],
  // units
  unitName: ['单位名称', 'Unit name'],
  unitNameEn: ['英文名称（可选）', 'English name (optional)'],
  unitShortName: ['简称（可选）', 'Short name (optional)'],
  unitShortNameHint: ['答复函文号中的机关代字，如“县卫健委”成“县卫健委函〔2026〕1号”；不填则用单位全称', 'Used in its answer letter numbers, e.g. 县卫健委 gives 县卫健委函〔2026〕1号; left blank, the full name is used'],
  unitShortNameShown: ['简称：{name}', 'Short name: {name}'],
  unitShortNameSaved: ['已保存简称：{name}', 'Short name saved: {name}'],
  unitShortNameCleared: ['已清除简称，文号用单位全称', 'Short name cleared; letter numbers use the full name'],
  addUnit: ['添加单位', 'Add unit'],
  unitsNote: ['停用的单位不再出现在交办和选择列表中，已有事项仍显示其名称；其用户账号不受影响，可在“用户与角色”中调整。', 'A deactivated unit is no longer offered for assignment or in pickers; existing items still show its name. Its users keep their accounts; change them under Users and roles.'],
  unitAdded: ['已添加单位', 'Unit added'],
  unitRenamed: ['已重命名为', 'Renamed to'],
  unitDeactivated: ['已停用单位', 'Deactivated'],
  unitReactivated: ['已重新启用单位', 'Reactivated'],
  noUnits: ['还没有承办单位', 'No handling units yet'],
  // roster
  rosterIntro: ['从 Excel（.xlsx）或 CSV 文件导入本县代表名册。先预览：每一行的问题都会列出；全部无误后才能导入，导入时要么全部成功，要么一行也不写入。', 'Import the county\'s deputies from an Excel (.xlsx) or CSV file. Preview first: every row\'s problem is listed; only a file without errors can be imported, and an import writes all rows or none.'],
  rosterColumns: ['文件第一行为列名，可用的列：', 'The first row names the columns; accepted columns:'],
  rosterRequired: ['（必填）', ' (required)'],
  rosterPhoneNote: ['没有“用户名”列时，以手机号作为登录用户名。', 'Without a username column, the phone number becomes the username.'],
  rosterTemplate: ['下载 CSV 模板', 'Download a CSV template'],
  chooseFile: ['选择名册文件（.xlsx 或 .csv）', 'Choose the roster file (.xlsx or .csv)'],
  reading: ['正在读取文件…', 'Reading the file…'],
  previewOf: ['预览：', 'Preview: '],
  rosterSummary: ['共 {rows} 行：{valid} 行无误，{invalid} 行有问题，常委会组成人员 {sc} 名', '{rows} rows: {valid} without problems, {invalid} with problems, {sc} standing committee members'],
  rowErrors: ['发现以下问题，请在文件中修改后重新选择文件：', 'Problems found; correct them in the file and choose it again:'],
  line: ['行号', 'Row'],
  column: ['列', 'Column'],
  problem: ['问题', 'Problem'],
  wholeFile: ['（整个文件）', '(whole file)'],
  lineN: ['第 {n} 行', 'Row {n}'],
  noErrors: ['没有发现问题，可以导入。', 'No problems found; ready to import.'],
  term: ['所属届次', 'Term'],
  noTerm: ['（不指定）', '(not given)'],
  importRoster: ['导入', 'Import'],
  confirmImport: ['将导入 {n} 名代表，并为每人建立代表账号。确定导入吗？', 'This imports {n} deputies and creates a deputy account for each. Import now?'],
  confirmImportButton: ['确认导入', 'Yes, import'],
  imported: ['已导入 {n} 名代表。', '{n} deputies imported.'],
  importedNote: ['新代表账号尚未设置密码；需要登录的代表，请在“用户与角色”中为其重设密码。', 'The new deputy accounts have no password yet; set one under Users and roles for those who need to log in.'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  noFile: ['尚未选择文件', 'No file chosen'],
  fileTooLarge: ['文件过大（不能超过 2 MB）', 'The file is too large (at most 2 MB)'],
  fileType: ['请选择 .xlsx 或 .csv 文件', 'Choose an .xlsx or .csv file'],
  // terms and sessions
  termsIntro: ['届次（如第十八届）及其各次会议。导入代表名册和组织表决时按届次选用。', 'Terms (e.g. the 18th) and their sessions. The roster import and ballots among one term\u2019s deputies choose a term here.'],
  noTerms: ['还没有届次', 'No terms yet'],
  addTerm: ['添加届次', 'Add a term'],
  termOrdinal: ['第几届', 'Term number'],
  termName: ['届次名称', 'Name of the term'],
  startsOn: ['任期开始日期', 'Term starts on'],
  endsOn: ['任期结束日期', 'Term ends on'],
  termPeriod: ['任期', 'Term of office'],
  sessions: ['会次', 'Sessions'],
  noSessions: ['还没有会次', 'No sessions yet'],
  addSession: ['添加会次', 'Add a session'],
  sessionOrdinal: ['第几次会议', 'Session number'],
  sessionName: ['会次名称', 'Name of the session'],
  heldOn: ['会议日期', 'Held on'],
  termAdded: ['已添加届次', 'Term added'],
  sessionAdded: ['已添加会次', 'Session added'],
  termExists: ['{name}已存在', '{name} already exists'],
  sessionExists: ['本届已有第 {n} 次会议', 'This term already has session {n}'],
  ordinalHint: ['填数字，如 18', 'A number, e.g. 18'],
  undated: ['未定', 'not set'],
  // audit log
  tabAudit: ['审计日志', 'Audit log'],
  auditIntro: ['登录、角色与密码变更、本地修改与发布、名册导入、表决开始与结束、导出等操作的记录，只能查看和导出，不能修改或删除。时间为本县时间。', 'A record of sign-ins, role and password changes, overlays and publishes, roster imports, ballots opened and closed, and exports. It can be read and exported, never changed or deleted. Times are county time.'],
  auditTime: ['时间', 'Time'],
  auditWho: ['操作人', 'Who'],
  auditWhat: ['操作', 'Action'],
  auditTarget: ['对象', 'Target'],
  auditAddress: ['地址', 'Address'],
  auditDetail: ['说明', 'Detail'],
  auditAllActions: ['全部操作', 'All actions'],
  auditFrom: ['起始日期', 'From'],
  auditTo: ['截止日期', 'To'],
  auditFilter: ['筛选', 'Filter'],
  auditNone: ['没有符合条件的记录', 'No entries match'],
  auditMore: ['显示更早的记录', 'Show earlier entries'],
  auditSystem: ['系统', 'System'],
  auditAnonymous: ['（未登录）', '(not signed in)'],
  exportXlsx: ['导出 Excel', 'Export to Excel'],
  exportCsv: ['导出 CSV', 'Export to CSV'],
  exporting: ['正在导出…', 'Exporting…'],
  auditRolesChange: ['{before} → {after}', '{before} → {after}'],
  auditVersion: ['第 {n} 版', 'version {n}'],
  auditImported: ['{n} 名代表', '{n} deputies'],
  auditMigrations: ['升级：{names}', 'Applied: {names}'],
  auditRows: ['{n} 行', '{n} rows'],
  // notifications (notifications-page.tsx)
  tabNotifications: ['通知发送', 'Notification delivery'],
  notifyDeadTitle: ['发送失败的通知', 'Notifications that could not be sent'],
  notifyDeadHint: ['以下通知多次尝试后仍未送达。排除原因后（如补全设置或地址），可重新发送。', 'These notifications failed every attempt. Once the cause is fixed (a setting or an address), send them again.'],
  notifyRecipient: ['收件人', 'Recipient'],
  notifyChannel: ['通知方式', 'Channel'],
  notifySubject: ['通知内容', 'Message'],
  notifyError: ['失败原因', 'Why it failed'],
  notifyFailedAt: ['最后尝试时间', 'Last attempt'],
  notifyAttempts: ['（已尝试{n}次）', ' ({n} attempts)'],
  notifyReplay: ['重新发送', 'Send again'],
  notifyReplayed: ['已重新排队发送给{name}', 'Queued again for {name}'],
  notifyNoDead: ['没有发送失败的通知', 'No failed notifications'],
  notifySettingsTitle: ['通知发送设置', 'Notification delivery settings'],
  notifySettingsSaved: ['设置已保存', 'Settings saved'],
  notifySecretEnds: ['已设置（末4位 {last4}），留空则不变', 'Set (ends in {last4}); leave empty to keep'],
  notifySecretSet: ['已设置，留空则不变', 'Set; leave empty to keep'],
  notifySecretNone: ['尚未设置', 'Not set'],
  // holiday calendar
  tabCalendar: ['节假日', 'Holidays'],
  calendarIntro: ['工作日期限按本县日历计算：法定节假日不算工作日，调休上班的周末算工作日。系统自带国务院办公厅每年的节假日安排通知；本县可增删日期，或在通知发布后导入下一年。', 'Working-day deadlines are counted on this calendar: public holidays are not working days, adjusted working weekend days are. The State Council\u2019s yearly notice ships with the system; the county may add or remove days, or import next year once the notice is published.'],
  calendarYear: ['年份', 'Year'],
  calendarSourceNational: ['{year}年：国务院通知（全国统一）', '{year}: the State Council\u2019s notice (national)'],
  calendarSourceCounty: ['{year}年：本县日历', '{year}: the county\u2019s own calendar'],
  calendarSourceMissing: ['{year}年的节假日安排尚未导入', 'The holidays of {year} are not imported'],
  calendarDate: ['日期', 'Date'],
  calendarWeekday: ['星期', 'Weekday'],
  calendarKind: ['类别', 'Kind'],
  calendarName: ['名称', 'Name'],
  calendarHoliday: ['放假', 'Holiday'],
  calendarWorkday: ['调休上班', 'Adjusted working day'],
  calendarNoDays: ['这一年没有任何节假日', 'No days in this year'],
  calendarRemove: ['删除', 'Remove'],
  calendarRemoved: ['已删除', 'Removed'],
  calendarAddDay: ['添加日期', 'Add a day'],
  calendarAdded: ['已添加', 'Added'],
  calendarImport: ['导入节假日文件', 'Import a holiday file'],
  calendarImportHint: ['JSON 文件，格式与系统自带的国务院通知文件相同（见使用说明“节假日”）；文件中的每一年整体替换本县该年的日历。', 'A JSON file in the shape of the shipped national calendar (README, "Holiday calendars"); each year in the file replaces the county\u2019s year whole.'],
  calendarChooseFile: ['选择文件…', 'Choose a file…'],
  calendarImported: ['已导入', 'Imported'],
  calendarNotJson: ['文件“{name}”不是有效的 JSON 文件', 'The file "{name}" is not valid JSON'],
  calendarReset: ['恢复为国务院通知', 'Back to the national notice'],
  calendarResetDone: ['已恢复为国务院通知', 'Back to the national notice'],
  calendarRecounted: ['已按新日历重算 {n} 项期限', '{n} deadlines counted again on the new calendar'],
  calendarWarningLink: ['前往节假日页', 'Go to the holidays page'],
  yearUnit: ['{year}年', '{year}'],
  carryOver: ['接续{from}的代表', 'Carry over the deputies of {from}'],
  carryOverHint: ['将{from}的在任代表转入本届；已停用的代表留在原届。之后可停用离任代表、导入新代表。', 'Moves the active deputies of {from} to this term; deactivated ones stay. Then deactivate those who left and import the newcomers.'],
  carried: ['已将{from}的 {n} 名在任代表转入{to}', 'Moved {n} active deputies of {from} to {to}'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

/** The word in the current language; `{name}` placeholders filled from `vars`. */
export function w(key: WordKey, vars: Record<string, string | number> = {}): string {
  const text: string = WORDS[key][lang() === 'zh' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/** Roles as an admin assigns them: title and English, in the order they are offered. */
export const ROLE_TITLES: ReadonlyArray<readonly [role: string, zh: string, en: string]> = [
  ['admin', '系统管理员', 'County administrator'],
  ['staff', '人代工委工作人员', 'Staff of the deputies\u2019 affairs office'],
  ['leader', '主任会议成员', 'Member of the chairpersons\u2019 council'],
  ['unit', '承办单位经办人', 'Clerk of a handling unit'],
  ['deputy', '人大代表', 'Deputy'],
  ['integrator', '流程集成人员', 'Process integrator'],
];

export function roleTitle(role: string): string {
  const entry = ROLE_TITLES.find(([r]) => r === role);
  if (!entry) return role;
  return lang() === 'zh' ? entry[1] : entry[2];
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 18 → 十八, 21 → 二十一 (1–99; others as Arabic digits). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`}${ones === 0 ? '' : DIGITS[ones]}`;
}

/** 2021-10-01 → 2021年10月1日 (zh) or 1 Oct 2021 (en); a calendar date, no time zone involved. */
export function dateText(iso: string | null): string {
  if (!iso) return w('undated');
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (lang() === 'zh') return `${y}年${m}月${d}日`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d} ${months[m - 1] ?? ''} ${y}`;
}
