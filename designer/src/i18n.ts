/**
 * Chinese first, with an English switch. UI strings live here; labels of processes, forms and
 * options come from the definitions (`title` in Chinese, `title_en` / `x-ui.label_en` in English).
 */
import { createSignal } from 'solid-js';

export type Lang = 'zh' | 'en';
const saved = (typeof localStorage !== 'undefined' ? localStorage.getItem('cf.lang') : null) as Lang | null;
const [lang, setLangSignal] = createSignal<Lang>(saved === 'en' ? 'en' : 'zh');
export { lang };

export function setLang(next: Lang): void {
  localStorage.setItem('cf.lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  setLangSignal(next);
}

const STRINGS = {
  appName: ['人大工作流程平台', 'Congress workflow'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  county: ['县区代码（可选）', 'County code (optional)'],
  loginFailed: ['登录失败', 'Login failed'],
  inbox: ['我的工作', 'My work'],
  todo: ['待办', 'To do'],
  done: ['已办', 'Done'],
  started: ['我发起的', 'Started by me'],
  cc: ['抄送我', 'Copied to me'],
  startProcess: ['发起流程', 'Start a process'],
  ballots: ['表决', 'Ballots'],
  designer: ['流程设计', 'Process designer'],
  search: ['搜索', 'Search'],
  process: ['流程', 'Process'],
  state: ['状态', 'State'],
  due: ['期限', 'Due'],
  overdue: ['已逾期', 'Overdue'],
  dueSoon: ['即将到期', 'Due soon'],
  onTime: ['正常', 'On time'],
  noTasks: ['暂无事项', 'Nothing here'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  history: ['办理记录', 'History'],
  openTasks: ['当前待办', 'Open tasks'],
  diagram: ['流程图', 'Diagram'],
  loading: ['加载中…', 'Loading…'],
  all: ['全部', 'All'],
  language: ['English', '中文'],
  formErrors: ['表单有错误，请修改后再提交', 'The form has errors; correct them and submit again'],
  required: ['必填', 'required'],
  addItem: ['添加一项', 'Add an item'],
  removeItem: ['删除', 'Remove'],
  saved: ['已提交', 'Submitted'],
} as const satisfies Record<string, readonly [string, string]>;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey): string {
  return STRINGS[key][lang() === 'zh' ? 0 : 1];
}

/** A definition's label: Chinese `title`, English from `title_en` or `x-ui.label_en`, falling back to Chinese. */
export function label(item: { title?: unknown; title_en?: unknown; 'x-ui'?: { label_en?: unknown } } | null | undefined): string {
  if (!item) return '';
  const zh = typeof item.title === 'string' ? item.title : '';
  if (lang() === 'zh') return zh;
  const en = typeof item.title_en === 'string' ? item.title_en : typeof item['x-ui']?.label_en === 'string' ? item['x-ui'].label_en : '';
  return en || zh;
}

/** A field error's message in the current language. */
export function errorText(e: { message: string; message_en?: string }): string {
  return lang() === 'zh' || !e.message_en ? e.message : e.message_en;
}
