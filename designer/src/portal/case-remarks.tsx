/**
 * 评论与附件 on the instance page: the comments and attachments of the case (its history's
 * `comment.added` and `attachment.added` entries, newest last), and for whoever sees the case a
 * comment box and a file to add (uploaded with POST /api/files, then added to the case with
 * POST /api/instances/:id/attachments, after which whoever sees the case may download it).
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { HistoryEntry } from '../api-types.ts';
import { formatDateTime } from '../county-time.ts';
import { errorText, t, withColon } from '../i18n.ts';
import { FileLink } from './document.tsx';
import { createSubmission } from './submission.ts';
import { uploadFile } from './widgets/file-upload.tsx';

interface RemarkData {
  text?: string;
  fileId?: string;
  name?: string;
  size?: number;
  reason?: string;
}

const dataOf = (e: HistoryEntry): RemarkData => ((e.data as { data?: RemarkData } | null)?.data ?? {}) as RemarkData;

export function CaseRemarks(props: { instanceId: string; history: HistoryEntry[]; onAdded: () => void }): JSX.Element {
  const remarks = () => props.history.filter((e) => e.instanceId === props.instanceId && (e.type === 'comment.added' || e.type === 'attachment.added'));
  const [text, setText] = createSignal('');
  const comment = createSubmission();
  const attach = createSubmission();
  const post = async (e: Event) => {
    e.preventDefault();
    await comment.run(async () => {
      await api('POST', `/instances/${encodeURIComponent(props.instanceId)}/comments`, { text: text() });
      setText('');
      props.onAdded();
    });
  };
  const add = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    await attach.run(async () => {
      const saved = await uploadFile(file);
      await api('POST', `/instances/${encodeURIComponent(props.instanceId)}/attachments`, { fileId: saved.fileId });
      input.value = '';
      props.onAdded();
    });
  };
  const problem = (s: ReturnType<typeof createSubmission>) => s.error() || s.fieldErrors().map(errorText).join('；');
  return (
    <section class="case-remarks" aria-labelledby="case-remarks-h">
      <h2 id="case-remarks-h">{t('remarks')}</h2>
      <ul class="remarks">
        <For each={remarks()} fallback={<li class="empty">{t('noRemarks')}</li>}>
          {(e) => (
            <li class="remark">
              <span class="tl-who">{e.actorName ?? ''}</span> <time datetime={e.at}>{formatDateTime(e.at)}</time>
              <Show when={e.type === 'attachment.added' && dataOf(e).fileId} fallback={<p class="remark-text">{dataOf(e).text}</p>}>
                <p class="remark-text">{withColon(t('addAttachment'))}<FileLink fileId={dataOf(e).fileId as string} name={dataOf(e).name ?? ''} size={dataOf(e).size} /></p>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <form class="remark-form no-print" onSubmit={(e) => void post(e)}>
        <label for="remark-text">{t('commentText')}</label>
        <textarea id="remark-text" rows={3} maxLength={2000} required value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        <Show when={problem(comment)}><p role="alert" class="error">{problem(comment)}</p></Show>
        <div class="actions">
          <button type="submit" disabled={comment.busy() || text().trim() === ''}>{t('sendComment')}</button>
          <label class="button secondary">
            {t('addAttachment')}
            <input type="file" class="sr-only" disabled={attach.busy()} onChange={(e) => void add(e.currentTarget)} />
          </label>
        </div>
        <Show when={problem(attach)}><p role="alert" class="error">{problem(attach)}</p></Show>
      </form>
    </section>
  );
}
