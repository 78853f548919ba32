/**
 * Titles of task outcomes. A package names an outcome by its event and the form it asks for
 * (`"outcomes": {"SUBMIT_PLAN": "projectPlan"}`); the only title it carries is that form's
 * (`title`, `x-ui.label_en`: 项目实施方案), so an outcome reads as its form's title — from the
 * task view (`outcomes[].schema`) on the task page, from the definition in the history. The
 * event itself shows only where the definition has no title for it (an outcome without a form
 * outside the two processes below, e.g. supervision's CLOSE_CALL).
 */
import type { JsonSchema, ProcessPackage } from '../api-types.ts';
import { label, lang } from '../i18n.ts';
import { stateAt } from './state-titles.ts';

type Words = [zh: string, en: string];

/**
 * The two suggestion processes name the act, not the form: 受理 (whose form is 登记分类),
 * 签收 and 开始起草答复 (no form at all). Those verbs are what staff, units and deputies know
 * and what the browser tests click; they stay, keyed by process, until the package format
 * gives an outcome a title of its own (an engine and package-schema change). No other process
 * is listed: each of them reads as its definition's titles.
 */
const VERBS: Record<string, Record<string, Words>> = {
  suggestion: {
    ACCEPT: ['受理', 'Accept'],
    RETURN_TO_DEPUTY: ['退回代表修改', 'Return to the deputy'],
    REDIRECT: ['转其他渠道', 'Redirect'],
    RESUBMIT: ['修改后重新提交', 'Resubmit'],
    WITHDRAW: ['撤回', 'Withdraw'],
    PROPOSE_ASSIGNMENT: ['拟办交办', 'Propose the assignment'],
    APPROVE_ASSIGNMENT: ['审定交办', 'Approve the assignment'],
    REVISE: ['退回修改', 'Send back for revision'],
  },
  'suggestion-assignment': {
    ACCEPT: ['签收', 'Accept the assignment'],
    REQUEST_RETURN: ['申请退办', 'Ask to return it'],
    APPROVE_RETURN: ['同意退办', 'Approve the return'],
    REJECT_RETURN: ['不同意退办', 'Refuse the return'],
    LOG_CONSULTATION: ['登记面商沟通', 'Log a consultation'],
    SKIP_CONSULTATION: ['无需面商', 'Skip the consultation'],
    START_DRAFT: ['开始起草答复', 'Start drafting the answer'],
    SUBMIT_ANSWER: ['提交答复', 'Submit the answer'],
    REQUEST_EXTENSION: ['申请延期', 'Ask for more time'],
    APPROVE_EXTENSION: ['同意延期', 'Approve the extension'],
    REJECT_EXTENSION: ['不同意延期', 'Refuse the extension'],
    FEEDBACK: ['评价答复', 'Rate the answer'],
    ESCALATION_RESOLVED: ['督办后评价', 'Record the rating after supervision'],
    CLOSE_AS_EXPLAINED: ['解释说明后办结', 'Close with an explanation'],
    SUBMIT_OPINION: ['提交协办意见', 'Submit the assisting opinion'],
  },
};

/** Events the engine sends itself (no task, so no form and no title in any definition). */
const ENGINE_EVENTS: Record<string, Words> = {
  'child.done': ['子流程办结', 'Sub-process finished'],
  'children.done': ['子流程全部办结', 'All sub-processes finished'],
  BALLOT_CLOSED: ['表决结束', 'Ballot closed'],
};

const pick = (w: Words) => w[lang() === 'zh' ? 0 : 1];

/** The title of outcome `event` of a task of process `definitionId`, `schema` being its form. */
export function outcomeTitle(definitionId: string, outcome: { event: string; schema: JsonSchema | null }): string {
  const verb = VERBS[definitionId]?.[outcome.event];
  if (verb) return pick(verb);
  if (outcome.schema) return label(outcome.schema) || outcome.event;
  const engine = ENGINE_EVENTS[outcome.event];
  return engine ? pick(engine) : outcome.event;
}

/**
 * The form outcome `event` asked for, found in the definition: the task of the state the
 * instance left (`from`: the state value, parallel regions joined by commas), or of one of
 * that state's ancestors. Null for an outcome without a form and for events no task sends.
 */
export function outcomeForm(pkg: ProcessPackage | undefined, from: string | null, event: string): JsonSchema | null {
  if (!pkg || !from) return null;
  for (const leaf of from.split(',').map((p) => p.trim())) {
    const parts = leaf.split('.');
    for (let n = parts.length; n > 0; n--) {
      const form = stateAt(pkg.machine.states, parts.slice(0, n).join('.'))?.meta?.task?.outcomes[event];
      if (form) return pkg.forms[form] ?? null;
    }
  }
  return null;
}
