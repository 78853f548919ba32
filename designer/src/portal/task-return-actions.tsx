/**
 * 退回, 加签 and 撤回 on the task page, and the countersign answer (同意 / 不同意) of an added
 * signer: what GET /api/tasks/:id/actions/return offers the reader, each as a small form
 * (a reason, a person chosen by name), posted to POST /api/tasks/:id/actions/…; then the case's
 * page. The signers of the task are listed in words. Rules and refusals are the server's
 * (runtime/store/task-return.ts); this only shows them.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, lang, t, withColon } from '../i18n.ts';
import { navigate } from '../router.ts';
import { ActionForm } from './action-form.tsx';
import type { Schema } from './form-model.ts';
import { createSubmission } from './submission.ts';

type Place = 'before' | 'after';
interface ReturnInfo {
  sendBack: boolean;
  addSigner: Place[];
  withdraw: boolean;
  countersign: { holderName: string; taskTitle: string; where: Place } | null;
  signers: Array<{ name: string; where: Place; status: 'waiting' | 'open' | 'agreed' | 'disagreed' | 'cancelled'; opinion: string | null }>;
}
type Choice = 'sendBack' | 'addSigner' | 'withdraw' | 'agree' | 'disagree';

const words = (key: Parameters<typeof t>[0]) => ({ title: t(key), 'x-ui': { label_en: t(key) } });
const reasonField = (key: Parameters<typeof t>[0]): Schema => ({ type: 'string', maxLength: 500, ...words(key), 'x-ui': { widget: 'textarea', label_en: t(key) } });

function schemaOf(choice: Choice, places: Place[]): Schema {
  if (choice === 'sendBack') return { type: 'object', required: ['reason'], properties: { reason: { ...reasonField('trSendBackReason'), minLength: 1 } } };
  if (choice === 'withdraw') return { type: 'object', properties: { reason: reasonField('trWithdrawReason') } };
  if (choice === 'disagree') return { type: 'object', required: ['opinion'], properties: { opinion: { ...reasonField('trOpinion'), minLength: 1 } } };
  if (choice === 'agree') return { type: 'object', properties: { opinion: reasonField('trOpinion') } };
  return {
    type: 'object',
    required: ['userId', 'where'],
    properties: {
      userId: { type: 'string', minLength: 1, title: t('trSigner'), 'x-ui': { widget: 'user-picker', label_en: t('trSigner'), order: 1 } },
      where: {
        type: 'string',
        title: t('trWhere'),
        oneOf: places.map((p) => ({ const: p, title: t(p === 'before' ? 'trBefore' : 'trAfter'), 'x-ui': { label_en: t(p === 'before' ? 'trBefore' : 'trAfter') } })),
        'x-ui': { widget: 'radio', label_en: t('trWhere'), order: 2 },
      },
      reason: { ...reasonField('trSignerReason'), 'x-ui': { widget: 'textarea', label_en: t('trSignerReason'), order: 3 } },
    },
  };
}

const STATUS_KEYS = { waiting: 'trWaiting', open: 'trOpen', agreed: 'trAgreed', disagreed: 'trDisagreed', cancelled: 'trCancelled' } as const;

export function TaskReturnActions(props: { taskId: string; instanceId: string }): JSX.Element {
  const [info] = createResource(() => props.taskId, (id) => api<ReturnInfo>('GET', `/tasks/${encodeURIComponent(id)}/actions/return`).catch(() => null));
  const [chosen, setChosen] = createSignal<Choice | null>(null);
  const { busy, error, fieldErrors, reset, run } = createSubmission();
  const buttonText = (c: Choice) => t(({ sendBack: 'trSendBack', addSigner: 'trAddSigner', withdraw: 'trWithdraw', agree: 'trAgree', disagree: 'trDisagree' } as const)[c]);

  const send = async (choice: Choice, data: Record<string, unknown>) => {
    const [action, body] = choice === 'agree' || choice === 'disagree' ? ['countersign', { agree: choice === 'agree', ...data }] : [choice, data];
    await run(async () => {
      await api('POST', `/tasks/${encodeURIComponent(props.taskId)}/actions/${action}`, body);
      navigate(`/instances/${encodeURIComponent(props.instanceId)}`);
    });
  };
  const offered = (): Choice[] => {
    const i = info();
    if (!i) return [];
    if (i.countersign) return ['agree', 'disagree'];
    return [...(i.sendBack ? (['sendBack'] as const) : []), ...(i.addSigner.length > 0 ? (['addSigner'] as const) : []), ...(i.withdraw ? (['withdraw'] as const) : [])];
  };

  // Nothing to offer and nobody added: no heading over an empty section.
  const shown = () => {
    const i = info();
    return i && (offered().length > 0 || i.signers.length > 0 || i.countersign) ? i : undefined;
  };

  return (
    <Show when={shown()}>
      {(i) => (
        <section class="task-return" aria-labelledby="task-return-h">
          <h2 id="task-return-h">{t(i().countersign ? 'trCountersignHeading' : 'trHeading')}</h2>
          <Show when={i().countersign}>
            {(cs) => (
              <p class="notice">
                {fill(t(cs().where === 'before' ? 'trCountersignBefore' : 'trCountersignAfter'), { holder: cs().holderName, task: cs().taskTitle })}
              </p>
            )}
          </Show>
          <Show when={i().signers.length > 0}>
            <ul class="signers">
              <For each={i().signers}>
                {(s) => (
                  <li>
                    {withColon(t('trSignerLine'))}
                    {s.name}（{t(s.where === 'before' ? 'trBefore' : 'trAfter')}）{lang() === 'zh' ? '，' : ', '}
                    {t(STATUS_KEYS[s.status])}
                    <Show when={s.opinion}>{lang() === 'zh' ? '：' : ': '}{s.opinion}</Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={offered().length > 0}>
            <div class="actions" role="group" aria-labelledby="task-return-h">
              <For each={offered()}>
                {(c) => (
                  <button type="button" class={chosen() === c ? '' : 'secondary'} aria-pressed={chosen() === c} onClick={() => { setChosen(c); reset(); }}>
                    {buttonText(c)}
                  </button>
                )}
              </For>
            </div>
          </Show>
          <Show when={chosen()} keyed>
            {(c) => (
              <ActionForm title={buttonText(c)} schema={schemaOf(c, i().addSigner)} fieldErrors={fieldErrors()} busy={busy()} error={error()}
                onSubmit={(data) => send(c, data)} onCancel={() => setChosen(null)} />
            )}
          </Show>
        </section>
      )}
    </Show>
  );
}

/**
 * What a history entry of these actions adds to its title, in words: the signer and when of
 * 加签, the opinion of 会签, whom a held completion waits for. The reason of 退回, 撤回 and 加签
 * is the server's `detail` (engine/task-actions.ts taskActionDetail: 理由：…), shown beside it.
 */
export function taskReturnNote(e: { type: string; data: unknown }): string {
  const d = ((e.data as { data?: Record<string, unknown> } | null)?.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const where = (v: unknown) => t(v === 'after' ? 'trAfter' : 'trBefore');
  const join = (...parts: string[]) => parts.filter(Boolean).join(lang() === 'zh' ? '；' : '; ');
  if (e.type === 'task.signerAdded') return fill(t('trNoteSigner'), { signer: text(d.signerName), where: where(d.where) });
  if (e.type === 'task.completionHeld') return fill(t('trNoteHeld'), { signer: text(d.signerName) });
  if (e.type === 'task.countersigned') {
    const verdict = t(d.agree === true ? 'trAgreed' : 'trDisagreed');
    return join(fill(t('trNoteCountersign'), { holder: text(d.holderName), verdict }), text(d.opinion));
  }
  return '';
}
