/**
 * The issued answer letter (答复函) of one answering unit (/instances/:id/letter, `id` the unit's
 * suggestion-assignment case), on A4 as the unit prints and seals it: the unit's name as the
 * letterhead, the 文号 allocated when it was signed, the title "关于……的答复", the lead deputy as
 * addressee, the body and commitments, the 签发人 (the signing user, from the case, never typed),
 * the date in words and the contact.
 *
 * PDF: produced by the browser's print (打印 → 另存为 PDF; `@media print` in styles.css drops
 * the app around the sheet). No server-side PDF library is pinned in this project, and the
 * browser already lays out Chinese with the fonts the machine has; test/browser/answer-letter
 * checks Chromium's page.pdf() of this page.
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { dateWords } from '../../../runtime/engine/calendar.ts';
import { api } from '../api.ts';
import type { InstanceView } from '../api-types.ts';
import { formatDate } from '../county-time.ts';
import { t } from '../i18n.ts';
import { Link } from '../ui/link.tsx';
import { namesOf } from './choices.ts';
import { apiErrorText } from './submission.ts';

interface IssuedLetter {
  letterNo?: string;
  body?: string;
  signerName?: string;
  signedAt?: string;
  contactPerson?: string;
  contactPhone?: string;
  commitments?: Array<{ text: string; dueDate: string }>;
}

/** "关于……的建议" → "关于……的建议的答复"; the suggestion's own words are kept. */
function letterTitle(suggestionTitle: string): string {
  return `${suggestionTitle}的答复`;
}

export function LetterPage(props: { id: string }): JSX.Element {
  const [view] = createResource(() => props.id, (id) => api<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`));
  const [names] = createResource(view, async (v) => {
    const c = v.context as Record<string, unknown>;
    const unitId = typeof c.unitId === 'string' ? c.unitId : null;
    const deputyId = typeof c.leadDeputyId === 'string' ? c.leadDeputyId : null;
    const units = unitId ? await namesOf('unit', [unitId]) : new Map();
    const deputies = deputyId ? await namesOf('deputy', [deputyId]) : new Map();
    return { unit: (unitId && units.get(unitId)?.name) || '', deputy: (deputyId && deputies.get(deputyId)?.name) || '' };
  });
  const letter = (): IssuedLetter | null => {
    const a = (view()?.context as Record<string, unknown> | undefined)?.answer;
    return a && typeof a === 'object' && typeof (a as IssuedLetter).letterNo === 'string' ? (a as IssuedLetter) : null;
  };
  return (
    <section class="print-page">
      <div class="actions no-print">
        <button type="button" onClick={() => window.print()}>{t('printLetter')}</button>
        <Link class="button secondary" href={`/instances/${encodeURIComponent(props.id)}`}>{t('backToCase')}</Link>
      </div>
      <Show when={!view.error} fallback={<p role="alert" class="error">{apiErrorText(view.error)}</p>}>
        <Show when={view() && names()} fallback={<p>{t('loading')}</p>}>
          <Show when={letter()} fallback={<p class="empty">{t('letterNotIssued')}</p>}>
            {(l) => (
              <article class="letter-sheet">
                <p class="letterhead">{names()?.unit}</p>
                <p class="letter-no">{l().letterNo}</p>
                <h1>{letterTitle(String((view()?.context as Record<string, unknown>).title ?? ''))}</h1>
                <p class="addressee">{names()?.deputy}代表：</p>
                <For each={(l().body ?? '').split(/\n+/).filter((p) => p.trim() !== '')}>{(p) => <p class="letter-body">{p}</p>}</For>
                <Show when={(l().commitments ?? []).length > 0}>
                  <p class="letter-body">{t('letterCommitments')}</p>
                  <ol class="letter-commitments">
                    <For each={l().commitments}>{(c) => <li>{c.text}（{dateWords(c.dueDate).zh}前）</li>}</For>
                  </ol>
                </Show>
                <p class="letter-thanks">{t('letterThanks')}</p>
                <div class="letter-sign">
                  <p>{names()?.unit}</p>
                  <p>{l().signedAt ? dateWords(formatDate(l().signedAt)).zh : ''}</p>
                </div>
                <p class="letter-signer">{t('letterSigner')}{l().signerName}</p>
                <p class="letter-contact">
                  {t('letterContact')}{l().contactPerson}　{t('letterPhone')}{l().contactPhone}
                </p>
              </article>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
