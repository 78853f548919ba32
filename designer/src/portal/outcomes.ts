/**
 * Button labels for task outcomes. A definition names an outcome only by its event
 * (ACCEPT, SUBMIT_ANSWER…); common events get a Chinese and English verb here (a few depend
 * on the state), and any other falls back to its form's title, then to the event itself.
 */
import { label, lang } from '../i18n.ts';

const NAMES: Record<string, [string, string]> = {
  ACCEPT: ['受理', 'Accept'],
  'pendingAcceptance.ACCEPT': ['签收', 'Accept the assignment'],
  RETURN_TO_DEPUTY: ['退回代表修改', 'Return to the deputy'],
  REDIRECT: ['转其他渠道', 'Redirect'],
  RESUBMIT: ['修改后重新提交', 'Resubmit'],
  WITHDRAW: ['撤回', 'Withdraw'],
  PROPOSE_ASSIGNMENT: ['拟办交办', 'Propose the assignment'],
  APPROVE_ASSIGNMENT: ['审定交办', 'Approve the assignment'],
  REVISE: ['退回修改', 'Send back for revision'],
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
  SUBMIT: ['提交', 'Submit'],
  APPROVE: ['同意', 'Approve'],
  REJECT: ['不同意', 'Reject'],
  COMPLETE: ['完成', 'Complete'],
  'child.done': ['子流程办结', 'Sub-process finished'],
  'children.done': ['子流程全部办结', 'All sub-processes finished'],
  BALLOT_CLOSED: ['表决结束', 'Ballot closed'],
};

export function outcomeLabel(state: string, outcome: { event: string; schema: Record<string, unknown> | null }): string {
  const leaf = state.split('.').pop() ?? state;
  const name = NAMES[`${leaf}.${outcome.event}`] ?? NAMES[outcome.event];
  if (name) return name[lang() === 'zh' ? 0 : 1];
  if (outcome.schema) return label(outcome.schema as { title?: string });
  return outcome.event;
}
