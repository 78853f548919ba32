/**
 * Every error code the project answers with: its kind and what it means in Chinese and English.
 * The kind says what went wrong in the terms of the work (bad input, not found, a conflict, a
 * process that does not accept the request now); only server/errors.ts turns kinds into HTTP
 * statuses. A thrown AppError names a code from here; its own message may say more.
 */

export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'rejected' | 'unavailable' | 'internal' | 'throttled';

interface ErrorEntry {
  kind: ErrorKind;
  zh: string;
  en: string;
}

export const ERROR_CODES = {
  // Bad input: the request itself is wrong, and nothing was changed.
  INVALID_BODY: { kind: 'invalid', zh: '请求内容格式不正确', en: 'The request body does not have the expected shape' },
  INVALID_JSON: { kind: 'invalid', zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  INVALID_TEXT: { kind: 'invalid', zh: '内容含有不允许的控制字符', en: 'The text contains control characters that are not allowed' },
  TOO_DEEP: { kind: 'invalid', zh: '内容嵌套层级过深', en: 'The request body is nested too deeply' },
  INVALID_INPUT: { kind: 'invalid', zh: '填写的内容有误', en: 'The input is not valid' },
  VALIDATION_FAILED: { kind: 'invalid', zh: '表单填写有误', en: 'The form is not filled in correctly' },
  INVALID_QUERY: { kind: 'invalid', zh: '查询条件有误', en: 'A query parameter is not valid' },
  INVALID_OVERLAY: { kind: 'invalid', zh: '本地修改的格式不正确', en: 'The overlay is not a valid merge patch' },
  FORMS_NOT_INLINE: { kind: 'invalid', zh: '通过接口提交的表单须直接写在流程包中', en: 'Forms sent through the API must be inline JSON Schemas' },
  INVALID_BASE64: { kind: 'invalid', zh: '文件内容不是有效的 base64', en: 'The file content is not valid base64' },
  INVALID_FILE: { kind: 'invalid', zh: '文件无效', en: 'The file is not valid' },
  INVALID_XLSX: { kind: 'invalid', zh: '不是有效的 Excel 工作簿（.xlsx）', en: 'The file is not a valid .xlsx workbook' },
  ROSTER_INVALID: { kind: 'invalid', zh: '代表名册有错误，未导入任何内容', en: 'The roster has errors; nothing was imported' },
  MEETING_SHEET_INVALID: { kind: 'invalid', zh: '交办清单有错误，未导入任何内容', en: 'The assignment list has errors; nothing was imported' },
  INVALID_MARKS: { kind: 'invalid', zh: '选票填写有误', en: 'The ballot is not filled in correctly' },
  INVALID_SEALED_BALLOT: { kind: 'rejected', zh: '加密选票的证明不成立，未计入', en: 'The sealed ballot’s proofs do not hold; it was not cast' },
  INVALID_DECRYPTION: { kind: 'rejected', zh: '解密份额的证明不成立', en: 'The decryption share’s proof does not hold' },
  INVALID_TELLER_KEY: { kind: 'rejected', zh: '监票人密钥的证明不成立', en: 'The teller key’s proof does not hold' },
  INVALID_BALLOT_SPEC: { kind: 'invalid', zh: '表决设置有误', en: 'The ballot settings are not valid' },
  BALLOT_TOO_LARGE_TO_SEAL: { kind: 'invalid', zh: '候选项过多，手机加密后的选票超出上限', en: 'Too many candidates: a sealed ballot would exceed the size limit' },
  INVALID_DATA: { kind: 'invalid', zh: '提交的数据无法保存（超出范围、格式不对或过长）', en: 'The data cannot be stored (out of range, malformed or too long)' },
  PUBLIC_FORM_REFUSED: { kind: 'invalid', zh: '提交未被接受', en: 'The submission was not accepted' },
  UNKNOWN_REFERENCE: { kind: 'invalid', zh: '所引用的对象不存在', en: 'The request names something that does not exist' },
  // Who you are and what you may do.
  UNAUTHENTICATED: { kind: 'unauthenticated', zh: '请先登录', en: 'Sign in first' },
  // One answer for a wrong password, an unknown name and a name several counties have (given without its county code).
  INVALID_CREDENTIALS: { kind: 'unauthenticated', zh: '用户名、密码或县区代码不正确', en: 'Wrong username, password or county code' },
  FORBIDDEN: { kind: 'forbidden', zh: '您没有此项操作的权限', en: 'You may not do this' },
  TASK_ACTION_FORBIDDEN: { kind: 'forbidden', zh: '此任务不允许您进行该操作', en: 'This task does not allow you this action' },
  DEFINITION_NOT_OWNED: { kind: 'forbidden', zh: '该流程标识已被其他地区使用，请换一个标识', en: 'This process id belongs to another county; choose another id' },
  NOT_ON_ROLL: { kind: 'forbidden', zh: '您不在本次表决的代表名单中', en: 'You are not on the roll of this ballot' },
  REGION_READ_ONLY: { kind: 'forbidden', zh: '上级人大账号只能查看所辖县区的统计和台账，不能办理任务或查看待办', en: 'A region reader only reads the figures and registers of its counties; it has no tasks, inbox, forms or administration' },
  // Not found (also anything of another county).
  TASK_NOT_FOUND: { kind: 'not_found', zh: '找不到该任务', en: 'No such task' },
  INSTANCE_NOT_FOUND: { kind: 'not_found', zh: '找不到该事项', en: 'No such instance' },
  DEFINITION_NOT_FOUND: { kind: 'not_found', zh: '找不到该流程', en: 'No such process' },
  STATISTICS_NOT_FOUND: { kind: 'not_found', zh: '该流程没有统计指标', en: 'This process has no statistics catalogue' },
  VERSION_NOT_FOUND: { kind: 'not_found', zh: '找不到该版本', en: 'No such version' },
  USER_NOT_FOUND: { kind: 'not_found', zh: '找不到该用户', en: 'No such user' },
  DEPUTY_NOT_FOUND: { kind: 'not_found', zh: '找不到该代表', en: 'No such deputy' },
  COUNTY_NOT_FOUND: { kind: 'not_found', zh: '找不到该地区', en: 'No such county' },
  BALLOT_NOT_FOUND: { kind: 'not_found', zh: '找不到该表决', en: 'No such ballot' },
  FILE_NOT_FOUND: { kind: 'not_found', zh: '找不到该文件', en: 'No such file' },
  UNIT_NOT_FOUND: { kind: 'not_found', zh: '找不到该承办单位', en: 'No such handling unit' },
  STATION_NOT_FOUND: { kind: 'not_found', zh: '找不到该代表联络站', en: 'No such deputies\' station' },
  CADENCE_NOT_FOUND: { kind: 'not_found', zh: '找不到该接待周期', en: 'No such reception cadence' },
  RECEIPT_NOT_FOUND: { kind: 'not_found', zh: '未找到：请核对回执码和手机号', en: 'Not found: check the receipt code and the phone number' },
  // Conflicts: already done, taken, or changed by someone else meanwhile.
  CONFLICT: { kind: 'conflict', zh: '该事项已被他人修改，请刷新后重试', en: 'Someone else changed this meanwhile; reload and try again' },
  ALREADY_ON_LIST: { kind: 'conflict', zh: '该建议已在另一张未审定的清单中', en: 'The suggestion is already on another list not yet approved' },
  ALREADY_EXISTS: { kind: 'conflict', zh: '已存在相同的记录', en: 'Such a record already exists' },
  TASK_NOT_OPEN: { kind: 'conflict', zh: '该任务已办理或已关闭', en: 'The task is no longer open' },
  TASK_ACTION_TARGET_UNSUITABLE: { kind: 'invalid', zh: '所选人员或单位不能办理此任务', en: 'The chosen user or unit cannot hold this task' },
  TASK_ALREADY_COMPLETED: { kind: 'conflict', zh: '该任务已办理', en: 'The task has already been completed' },
  // Task actions (runtime/store/task-return.ts): 撤回 too late, 加签 opinion awaited.
  NEXT_TASK_STARTED: { kind: 'conflict', zh: '下一环节已开始办理，不能撤回', en: 'The next step has already started; the completion can no longer be withdrawn' },
  NOT_WITHDRAWABLE: { kind: 'conflict', zh: '该次办理不能撤回', en: 'This completion cannot be withdrawn' },
  SIGNER_OPINION_PENDING: { kind: 'conflict', zh: '加签人尚未签署意见，暂不能办理', en: 'The added signer has not given an opinion yet' },
  // 列入重点督办专题 from a suggestion's page (runtime/store/key-theme-addition.ts).
  SUGGESTION_ALREADY_KEY: { kind: 'conflict', zh: '该建议已列入重点督办专题', en: 'The suggestion is already in a key supervision theme' },
  SUGGESTION_IN_THEME: { kind: 'conflict', zh: '该建议已在所选的重点督办专题中', en: 'The suggestion is already in the chosen theme' },
  SUGGESTION_NOT_IN_HANDLING: { kind: 'conflict', zh: '该建议不在办理中（尚未受理或已办结），不能列入重点督办', en: 'The suggestion is not in handling (not accepted yet, or finished)' },
  KEY_THEME_NOT_OPEN: { kind: 'conflict', zh: '所选重点督办专题不在督办中或已截止增列', en: 'The chosen theme is not running or takes no more suggestions' },
  TASK_CLAIMED: { kind: 'conflict', zh: '该任务已由他人认领', en: 'Someone else has claimed this task' },
  USERNAME_TAKEN: { kind: 'conflict', zh: '用户名已被使用', en: 'The username is already taken' },
  UNIT_NAME_TAKEN: { kind: 'conflict', zh: '已有同名的承办单位', en: 'A handling unit of that name already exists' },
  REGION_CODE_TAKEN: { kind: 'conflict', zh: '地区代码已被使用', en: 'The region code is already used' },
  TERM_EXISTS: { kind: 'conflict', zh: '该届次已存在', en: 'The term already exists' },
  SESSION_EXISTS: { kind: 'conflict', zh: '该会次已存在', en: 'The session already exists' },
  DEFINITION_EXISTS: { kind: 'conflict', zh: '该流程已存在', en: 'The process already exists' },
  STATE_IN_USE: { kind: 'conflict', zh: '仍有在办事项处于将被删除的状态，请先迁移', en: 'Running instances stand on states this change removes; migrate them first' },
  ALREADY_VOTED: { kind: 'conflict', zh: '您已投票', en: 'You have already voted' },
  DUPLICATE_SEALED_BALLOT: { kind: 'conflict', zh: '这张加密选票已在票箱中', en: 'This very sealed ballot is already in the box' },
  BALLOT_NOT_SEALED: { kind: 'conflict', zh: '该表决不是加密表决', en: 'This ballot is not a sealed ballot' },
  BALLOT_IS_SEALED: { kind: 'conflict', zh: '加密表决没有明文选票清单，请查看加密票箱', en: 'A sealed ballot has no list of plain ballots; see its box' },
  TELLERS_LOCKED: { kind: 'conflict', zh: '表决已开始，不能再更改监票人或密钥', en: 'The ballot has opened; tellers and keys can no longer change' },
  TELLERS_NOT_APPLICABLE: { kind: 'conflict', zh: '只有秘密表决设监票人', en: 'Only a sealed secret ballot has tellers' },
  TELLER_KEYS_MISSING: { kind: 'conflict', zh: '尚有监票人未生成密钥', en: 'Some tellers have not made their keys yet' },
  NO_TELLERS: { kind: 'conflict', zh: '秘密表决须至少指定一名监票人', en: 'A secret ballot needs at least one teller' },
  DECRYPTIONS_MISSING: { kind: 'conflict', zh: '尚有监票人未完成解密', en: 'Some tellers have not decrypted the totals yet' },
  DECRYPTION_FAILED: { kind: 'conflict', zh: '解密结果不在可能范围内，缺少或有错误的份额', en: 'The totals do not decrypt: a share is missing or wrong' },
  NOT_A_TELLER: { kind: 'forbidden', zh: '您不是本次表决的监票人', en: 'You are not a teller of this ballot' },
  BALLOT_NOT_COUNTING: { kind: 'conflict', zh: '表决不在计票阶段', en: 'The ballot is not being counted' },
  BALLOT_NOT_READY: { kind: 'conflict', zh: '表决不在待开始状态', en: 'The ballot is not ready to open' },
  BALLOT_NOT_CLOSABLE: { kind: 'conflict', zh: '表决未在进行中，不能结束', en: 'The ballot is not open, so it cannot be closed' },
  BALLOT_NOT_CLOSED: { kind: 'conflict', zh: '表决结束后才公布结果', en: 'Results are published when the ballot closes' },
  BALLOT_SECRET: { kind: 'conflict', zh: '无记名表决不保留投票人与选票的对应', en: 'A secret ballot keeps no link between voters and votes' },
  DUPLICATE_RECEIPT: { kind: 'conflict', zh: '票箱中有重复的回执', en: 'A receipt appears twice in the ballot box' },
  NO_TIE: { kind: 'conflict', zh: '只有票数相同才需重新表决', en: 'Only a tied result has a re-vote' },
  // The process (or the rules) do not accept this now.
  TRANSITION_REJECTED: { kind: 'rejected', zh: '流程当前不接受此操作', en: 'The process does not accept this now' },
  UNKNOWN_OUTCOME: { kind: 'rejected', zh: '该任务没有这个办理结果', en: 'The task has no such outcome' },
  LINK_TARGET_MISSING: { kind: 'rejected', zh: '没有可以接收的关联流程（如本年度民生实事项目征集尚未开始或已截止）', en: 'No running process can receive this (e.g. no livelihood-project collection is open)' },
  LINK_TARGET_REFUSED: { kind: 'rejected', zh: '所列流程中有一件当前不能接收此操作（已办结、已在办理或不存在）', en: 'A listed process cannot receive this now (finished, already further on, or missing)' },
  STEP_LOOP: { kind: 'rejected', zh: '流程定义的自动转移不停循环，无法办理', en: 'The process definition cycles without settling' },
  STEP_BUDGET: { kind: 'rejected', zh: '流程定义的动作写入的数据超出限度，无法办理', en: 'An action of the process writes more than one step may' },
  NOT_STARTABLE: { kind: 'rejected', zh: '该流程只能由其他流程启动', en: 'This process is started only by another process' },
  NOT_STARTED_BY_HAND: { kind: 'rejected', zh: '该流程由排期产生，不能手工发起（接待日请在代表联络站页面按周期或单次安排）', en: 'This process is made by scheduling, not started by hand (schedule reception days on the station page, by a cadence or one by one)' },
  NESTING_TOO_DEEP: { kind: 'rejected', zh: '子流程嵌套过深', en: 'Processes are nested too deeply' },
  DEFINITION_INVALID: { kind: 'rejected', zh: '流程定义有错误', en: 'The process definition does not check' },
  DEFINITION_FILE_MISSING: { kind: 'rejected', zh: '流程包引用的文件不存在', en: 'A file the package names does not exist' },
  DEFINITION_FILE_INVALID: { kind: 'rejected', zh: '流程包中的文件不是有效的 JSON', en: 'A file of the package is not valid JSON' },
  BALLOT_NOT_OPEN: { kind: 'rejected', zh: '表决未在进行中', en: 'Voting is not open' },
  INVALID_BALLOT: { kind: 'rejected', zh: '表决设置不正确', en: 'The ballot is set up wrongly' },
  EMPTY_ROLL: { kind: 'rejected', zh: '名册中没有可参加表决的人员', en: 'The roster has nobody to vote' },
  INVALID_VOTE_COUNTS: { kind: 'rejected', zh: '票数不正确', en: 'The vote counts are not valid' },
  MALFORMED_BALLOT: { kind: 'rejected', zh: '选票与表决设置不符', en: 'A ballot does not fit the ballot settings' },
  RESULT_NOT_OF_SPEC: { kind: 'rejected', zh: '结果与表决设置不符', en: 'The result does not fit the ballot settings' },
  NOT_CANONICAL_JSON: { kind: 'rejected', zh: '数据无法规范表示', en: 'The data has no canonical JSON form' },
  SELF_LOCKOUT: { kind: 'rejected', zh: '不能停用自己或取消自己的管理员角色', en: 'You cannot deactivate yourself or remove your own admin role' },
  // Too large.
  BODY_TOO_LARGE: { kind: 'too_large', zh: '提交的内容过大', en: 'The request body is too large' },
  // The server side.
  DATABASE_UNAVAILABLE: { kind: 'unavailable', zh: '数据库暂时无法访问', en: 'The database does not answer' },
  INTERNAL: { kind: 'internal', zh: '系统内部错误', en: 'Internal server error' },
  DEFINITION_MISSING: { kind: 'internal', zh: '流程未注册', en: 'A process was not registered' },
  STORED_DEFINITION_INVALID: { kind: 'internal', zh: '已保存的流程定义校验失败', en: 'A stored definition no longer checks' },
  FORM_MISSING: { kind: 'internal', zh: '表单未编译', en: 'A form is not compiled' },
  MIGRATION_FAILED: { kind: 'internal', zh: '数据库升级失败', en: 'The database migrations failed' },
  RANDOM_SOURCE_FAILED: { kind: 'internal', zh: '随机数来源失败', en: 'The random source failed' },
  SECRET_UNAVAILABLE: { kind: 'internal', zh: '无法读取或保存签名密钥', en: 'The token secret could not be stored or read' },
  TOKEN_SECRET_REQUIRED: { kind: 'internal', zh: '使用 PostgreSQL（DATABASE_URL）时必须设置 TOKEN_SECRET', en: 'TOKEN_SECRET must be set when the server uses PostgreSQL (DATABASE_URL)' },
  TOKEN_SECRET_UNSAFE: { kind: 'internal', zh: '签名密钥文件可被他人读取，拒绝启动', en: 'The token secret file is readable by others; refusing to start' },
  // Too many attempts: wait (Retry-After) and try again.
  TOO_MANY_ATTEMPTS: { kind: 'throttled', zh: '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' },
  TOO_MANY_INVALID_CASTS: { kind: 'throttled', zh: '您提交的加密选票多次未通过核验，请稍后再试', en: 'Too many of your sealed ballots failed their check; try again later' },
  PUBLIC_RATE_LIMITED: { kind: 'throttled', zh: '提交或查询过于频繁，请稍后再试', en: 'Too many requests to the public form; try again later' },
  // Backups (npm run backup / restore, runtime/store/backup.ts).
  BACKUP_INVALID: { kind: 'invalid', zh: '备份文件已损坏或不是本系统的备份', en: 'The backup file is damaged or not a congress-flow backup' },
  RESTORE_TARGET_NOT_EMPTY: { kind: 'conflict', zh: '恢复的目标目录不是空的', en: 'The directory to restore into is not empty' },
  DATA_DIR_IN_USE: { kind: 'conflict', zh: '数据目录正被运行中的服务使用', en: 'A running server has the data directory open' },
  // Deputies' points (runtime/points, store/points.ts).
  POINT_ENTRY_NOT_FOUND: { kind: 'not_found', zh: '找不到该积分记录', en: 'No such point entry' },
  POINT_ACTION_REJECTED: { kind: 'rejected', zh: '该积分记录当前不能进行此项操作', en: 'The point entry does not accept this action now' },
  SAME_REVIEWER: { kind: 'forbidden', zh: '复核须由初审以外的另一人进行', en: 'The second review is by another person than the first' },
  ALREADY_PUBLISHED: { kind: 'conflict', zh: '该季度的亮分已经公布，公布后不再改动', en: 'This quarter’s table is already published and stays as published' },
  // Deputies' annual assessment (runtime/points/grading.ts, store/assessments.ts).
  ASSESSMENT_EXISTS: { kind: 'conflict', zh: '该年度的代表履职考核已经启动', en: 'The assessment of this year has already been opened' },
  NO_DEPUTIES: { kind: 'rejected', zh: '本县代表名册中没有在任代表，无法启动考核', en: 'The county has no serving deputies on its roster to assess' },
  // Report-back to voters (store/report-back.ts) and ballots of the voters present (store/voter-ballot.ts).
  TERM_NOT_FOUND: { kind: 'not_found', zh: '找不到该届次', en: 'No such term' },
  REPORT_BACK_ALREADY_PLANNED: { kind: 'conflict', zh: '该代表本届已有进行中的述职', en: 'The deputy already has a report-back running this term' },
  VOTER_PASS_NOT_FOUND: { kind: 'not_found', zh: '测评凭证无效，请核对选票上的凭证码', en: 'No such voter pass' },
  NOT_A_VOTERS_BALLOT: { kind: 'invalid', zh: '本次表决不是到会选民测评，没有测评凭证', en: 'This ballot is not one of the voters present and has no passes' },
  // Notification delivery (store/delivery-views.ts, server/routes/notification-delivery.ts).
  DELIVERY_NOT_FOUND: { kind: 'not_found', zh: '找不到该条通知发送记录', en: 'No such notification delivery' },
  DELIVERY_NOT_DEAD: { kind: 'conflict', zh: '该通知不在发送失败清单中（可能已重新发送）', en: 'The delivery is not in the failed list (it may have been resent already)' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
