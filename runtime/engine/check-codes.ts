/**
 * Every code the package checker (check.ts) reports, with what it means in Chinese and
 * English: the designer shows these beside the pointer, and the conformance corpus
 * (test/conformance/broken-packages.test.ts) holds at least one broken package per code.
 */
export const CHECK_CODES = {
  INVALID_PACKAGE: { zh: '流程包结构不符合格式', en: 'the package does not have the package format' },
  INVALID_TRANSITION: { zh: '转移的写法不正确（应为目标状态、转移对象或其列表）', en: 'a transition is not a target, a transition object or a list of them' },
  INVALID_DELAY: { zh: '时限不是 ISO 8601 时长、工作日数或日期路径', en: 'a delay is not an ISO 8601 duration, working days or a date path' },
  FORM_SCHEMA_INVALID: { zh: '表单定义无法编译', en: 'a form schema does not compile' },
  FORM_NOT_OBJECT: { zh: '表单必须是对象', en: 'a form must be an object schema' },
  FORM_KEYWORD_UNSUPPORTED: { zh: '表单使用了不支持的关键字或格式', en: 'a form uses a keyword or format forms do not support' },
  UNKNOWN_FORM: { zh: '引用了不存在的表单', en: 'a form that does not exist is named' },
  UNKNOWN_ROLE: { zh: '引用了流程未声明的角色', en: 'a role the package does not declare is named' },
  MISSING_START: { zh: '非子流程缺少发起表单和角色', en: 'a process that is not a child has no start form and roles' },
  CUSTOM_STATE_ID: { zh: '只有流程本身可以设置 id', en: 'only the machine itself may carry an id' },
  MISSING_INITIAL: { zh: '有子状态但未指定初始状态', en: 'a state with children names no initial state' },
  UNKNOWN_INITIAL: { zh: '初始状态不是其子状态', en: 'the initial state is not a child' },
  FINAL_WITH_TRANSITIONS: { zh: '结束状态不能有子状态、转移或任务', en: 'a final state has children, transitions or a task' },
  UNKNOWN_DELAY: { zh: '引用了不存在的时限', en: 'a delay that does not exist is named' },
  UNKNOWN_TARGET: { zh: '转移目标不存在', en: 'a transition target does not exist' },
  UNKNOWN_GUARD: { zh: '未知的条件', en: 'an unknown guard' },
  UNKNOWN_ACTION: { zh: '未知的动作', en: 'an unknown action' },
  INVALID_LOGIC: { zh: '条件规则使用了未知的运算', en: 'a JSON Logic rule uses an unknown operator' },
  INVALID_PATH: { zh: '数据路径不正确', en: 'a data path is not a path into context, event or item' },
  INVALID_ACTION: { zh: '动作参数不正确', en: 'an action has wrong parameters' },
  TASK_WITHOUT_OUTCOMES: { zh: '任务没有办理结果', en: 'a task has no outcomes' },
  OUTCOME_NOT_HANDLED: { zh: '办理结果没有对应的转移', en: 'no transition takes an outcome' },
  REMINDER_WITHOUT_DUE: { zh: '有提醒但没有办理时限', en: 'a reminder without a due delay' },
  INVALID_BALLOT: { zh: '表决设置不正确', en: 'a ballot is set up wrongly' },
  UNKNOWN_PROCESS: { zh: '启动了不存在的子流程', en: 'a child process that does not exist is started' },
  NO_WAY_OUT: { zh: '非结束状态没有出路', en: 'a state that is not final has no way out' },
  UNREACHABLE_STATE: { zh: '状态无法到达', en: 'a state cannot be reached' },
  EVENTLESS_CYCLE: { zh: '自动转移构成死循环', en: 'eventless transitions cycle forever' },
  INVALID_HISTORY: { zh: '历史状态设置不正确', en: 'a history state is set up wrongly' },
  PREFILL_NOT_AN_OUTCOME: { zh: '预填写指定的办理结果不存在或没有表单', en: 'a prefill names an outcome the task does not have, or one without a form' },
  NOT_A_HISTORY_STATE: { zh: '只有历史状态可以设置 history 或 target', en: 'only a history state may have history or target' },
  SETTING_WITHOUT_TITLE: { zh: '设置项没有中文名称（请在 settingsInfo 中填写）', en: 'a setting has no Chinese title (settingsInfo)' },
  DELAY_WITHOUT_TITLE: { zh: '期限没有中文名称（请在 delaysInfo 中填写）', en: 'a delay has no Chinese title (delaysInfo)' },
  SETTING_NOT_AN_OPTION: { zh: '设置值不是可选的选项之一', en: 'a setting holds a value that is not one of its options' },
  SETTING_OUT_OF_RANGE: { zh: '设置值超出允许的范围', en: 'a setting is outside its allowed range' },
  INVALID_REGISTER: { zh: '台账设置不正确（列的数据路径、选项来源、筛选或搜索列）', en: 'the register is set up wrongly (a column path, labels, a filter or a search column)' },
  STATE_WITHOUT_TITLE: { zh: '状态没有中文名称（meta.title）', en: 'a state has no Chinese title (meta.title)' },
  EVENT_WITHOUT_TITLE: { zh: '办理结果或事件没有中文名称（在 events 中）', en: 'an outcome or event has no Chinese title (in events)' },
  OUTCOME_TITLES_ALIKE: { zh: '同一任务的两个办理结果名称相同', en: 'two outcomes of one task have the same title' },
  CHOICE_WITHOUT_TITLE: { zh: '表单选项没有中文名称', en: 'a form choice has no Chinese title' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type CheckCode = keyof typeof CHECK_CODES;
