/**
 * The actions the audit log (审计日志) records: code → words in Chinese and English. One
 * catalogue for the store (which refuses a code not listed), the export (words in the file)
 * and the app (words on the page, runtime's pure part). Pure data: no imports.
 *
 * Codes are stable (they are stored); titles may be reworded. A new action is appended here.
 */
export const AUDIT_ACTIONS = {
  'login.succeeded': { zh: '登录成功', en: 'Signed in' },
  'login.failed': { zh: '登录失败', en: 'Sign-in failed' },
  logout: { zh: '退出登录', en: 'Signed out' },
  'password.changed': { zh: '修改密码', en: 'Password changed' },
  'password.reset': { zh: '重置密码', en: 'Password reset' },
  'user.created': { zh: '新建用户', en: 'User created' },
  'user.roles_changed': { zh: '修改角色', en: 'Roles changed' },
  'user.changed': { zh: '修改用户信息', en: 'User details changed' },
  'user.deactivated': { zh: '停用用户', en: 'User deactivated' },
  'user.reactivated': { zh: '启用用户', en: 'User reactivated' },
  'unit.created': { zh: '新建承办单位', en: 'Unit created' },
  'unit.changed': { zh: '修改承办单位', en: 'Unit changed' },
  'roster.imported': { zh: '导入代表名册', en: 'Roster imported' },
  'overlay.saved': { zh: '保存本地修改', en: 'Overlay saved' },
  'package.published': { zh: '发布流程版本', en: 'Process version published' },
  'package.added': { zh: '添加流程包', en: 'Process package added' },
  'instances.migrated': { zh: '迁移在办事项', en: 'Running instances migrated' },
  'migration.applied': { zh: '数据库升级', en: 'Database migrations applied' },
  'ballot.opened': { zh: '开始表决', en: 'Ballot opened' },
  'ballot.closed': { zh: '结束表决', en: 'Ballot closed' },
  'ballot.published': { zh: '公布表决结果', en: 'Ballot result published' },
  'register.exported': { zh: '导出台账', en: 'Register exported' },
  'audit.exported': { zh: '导出审计日志', en: 'Audit log exported' },
  'station.created': { zh: '新建代表联络站', en: 'Station created' },
  'station.changed': { zh: '修改代表联络站', en: 'Station changed' },
  'station.deactivated': { zh: '停用代表联络站', en: 'Station deactivated' },
  'station.reactivated': { zh: '启用代表联络站', en: 'Station reactivated' },
  'station.code_renewed': { zh: '更换联络站二维码', en: 'Station QR code renewed' },
  'station.deputies_attached': { zh: '添加进站代表', en: 'Deputies attached to a station' },
  'station.deputy_detached': { zh: '移出进站代表', en: 'Deputy detached from a station' },
  'cadence.created': { zh: '设置接待周期', en: 'Reception cadence set' },
  'cadence.stopped': { zh: '停用接待周期', en: 'Reception cadence stopped' },
  'cadence.restarted': { zh: '启用接待周期', en: 'Reception cadence restarted' },
  'reception.scheduled': { zh: '安排接待日', en: 'Reception day scheduled' },
  'notification.settings_changed': { zh: '修改通知发送设置', en: 'Notification delivery settings changed' },
  'notification.replayed': { zh: '重新发送通知', en: 'Notification resent' },
  'calendar.day_added': { zh: '添加节假日安排', en: 'Calendar day added' },
  'calendar.day_removed': { zh: '删除节假日安排', en: 'Calendar day removed' },
  'calendar.imported': { zh: '导入节假日安排', en: 'Holiday calendar imported' },
  'calendar.reset': { zh: '恢复国家节假日安排', en: 'Calendar year back to the national one' },
  'term.created': { zh: '新建届次', en: 'Term created' },
  'session.created': { zh: '新建会议', en: 'Session created' },
  'term.carried_over': { zh: '代表转入新一届', en: 'Deputies carried over to a new term' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, code);
}

/** What an entry is about; the page shows `target_name` (words), never the id. */
export const AUDIT_TARGET_KINDS = {
  user: { zh: '用户', en: 'User' },
  unit: { zh: '承办单位', en: 'Unit' },
  definition: { zh: '流程', en: 'Process' },
  ballot: { zh: '表决', en: 'Ballot' },
  term: { zh: '届次', en: 'Term' },
  session: { zh: '会议', en: 'Session' },
  county: { zh: '本地区', en: 'County' },
  station: { zh: '代表联络站', en: 'Station' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type AuditTargetKind = keyof typeof AUDIT_TARGET_KINDS;
