/**
 * The words of the 交办会 pages (designer/src/meeting/), Chinese and English, kept beside the
 * pages so the shared table (i18n.ts) grows by the menu entry only. Options (办理方式, 督办级别)
 * and state titles come from the definitions.
 */
import { lang } from '../i18n.ts';

const WORDS = {
  title: ['交办会与集中办结', 'Assignment meetings and closing lists'],
  intro: ['人代工委把多件建议列入一张清单，提请主任会议一并审定：交办会审定后每件建议即交承办单位办理；年终审查集中办结审定后每件建议即办结。', 'The office puts many suggestions on one list for the chair council to approve in one step: after an assignment meeting each suggestion goes to its units; after a year-end review each listed suggestion is concluded.'],
  assignTab: ['交办会', 'Assignment meetings'],
  closeTab: ['年终集中办结', 'Year-end closing'],
  newMeeting: ['召开交办会', 'New assignment meeting'],
  newReview: ['开始年终审查', 'New year-end review'],
  meetingName: ['名称', 'Name'],
  meetingDate: ['日期', 'Date'],
  create: ['新建', 'Create'],
  none: ['还没有清单', 'No list yet'],
  state: ['状态', 'State'],
  open: ['打开', 'Open'],
  rows: ['共{n}件建议', '{n} suggestions'],
  serialNo: ['建议编号', 'No.'],
  suggestion: ['标题', 'Title'],
  mode: ['办理方式', 'Handling mode'],
  lead: ['主办单位', 'Lead unit'],
  assist: ['协办单位', 'Assisting units'],
  separate: ['分办单位', 'Separate units'],
  units: ['承办单位', 'Units'],
  level: ['督办级别', 'Supervision level'],
  due: ['答复期限', 'Answer due'],
  dueDefault: ['交办之日起三个月', 'Three months from assignment'],
  viaGov: ['经政府办转办', 'Via the government office'],
  note: ['审查意见', 'Review note'],
  currentState: ['当前环节：', 'Stage: '],
  remove: ['移出清单', 'Remove'],
  choose: ['请选择', 'Choose'],
  prefill: ['列入全部待交办建议', 'List every suggestion waiting'],
  prefillClose: ['列入全部待审查建议', 'List every suggestion waiting for review'],
  noCandidates: ['没有待列入的建议', 'No suggestion is waiting'],
  heldElsewhere: ['另有{n}件已在其他未审定的清单中，未列入：{lists}', '{n} more are on other lists not yet approved and were left out: {lists}'],
  template: ['下载Excel模板', 'Download the Excel template'],
  importXlsx: ['从Excel导入', 'Import from Excel'],
  importing: ['正在导入…', 'Importing…'],
  imported: ['已导入{n}件建议，请核对后提请审定。', '{n} suggestions imported; check them and submit.'],
  importErrors: ['Excel中有{n}处错误，未导入任何内容：', 'The sheet has {n} errors; nothing was imported:'],
  errorLine: ['第{line}行', 'Line {line}'],
  submit: ['提请主任会议审定', 'Submit to the chair council'],
  submitted: ['已提请审定。', 'Submitted for approval.'],
  approve: ['审定', 'Approve'],
  approved: ['已审定，清单中的建议已各自进入下一环节。', 'Approved: every listed suggestion has moved on.'],
  comment: ['审定意见（可不填）', 'Comment (optional)'],
  sendBack: ['退回修改', 'Send back'],
  reason: ['退回理由', 'Reason'],
  reasonRequired: ['请填写退回理由', 'Give a reason'],
  sentBack: ['已退回人代工委修改。', 'Sent back to the office.'],
  lastSendBack: ['上次退回理由：', 'Sent back last time: '],
  waitingLeader: ['清单已提请主任会议审定。', 'The list is with the chair council.'],
  waitingStaff: ['清单由人代工委拟定中。', 'The office is preparing the list.'],
  rowMissing: ['第{n}行：{what}', 'Row {n}: {what}'],
  needLead: ['请选择主办单位', 'choose the lead unit'],
  needAssist: ['请选择协办单位', 'choose the assisting units'],
  needSeparate: ['请选择分办单位', 'choose the units'],
  empty: ['清单是空的', 'The list is empty'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  back: ['返回清单列表', 'Back to the lists'],
} as const;

export type WordKey = keyof typeof WORDS;

export function w(key: WordKey, vars: Record<string, string | number> = {}): string {
  const text = WORDS[key][lang() === 'zh' ? 0 : 1] as string;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
