/**
 * The print view of one case (/instances/:id/print): on A4, the case's title and serial
 * number, then every document submitted in it in the order it happened — for a suggestion, the
 * suggestion itself, its registration and assignment, each unit's answer letter(s), each with
 * the 文号 it was issued under (DocumentView.letterNo), and the deputy's rating — and when it
 * was printed. The print style sheet (styles.css, `@media
 * print`) drops the app's header and these buttons, and sets 仿宋/宋体 where installed.
 */
import { createResource, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { InstanceDocuments, InstanceView } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { formatDateTime } from '../county-time.ts';
import { t, withColon } from '../i18n.ts';
import { DocumentList } from './document.tsx';
import { apiErrorText } from './submission.ts';

export function PrintPage(props: { id: string }): JSX.Element {
  const [view] = createResource(() => props.id, (id) => api<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`));
  const [docs] = createResource(() => props.id, (id) => api<InstanceDocuments>('GET', `/instances/${encodeURIComponent(id)}/documents`));
  const printedAt = formatDateTime(new Date().toISOString());
  return (
    <section class="print-page">
      <div class="actions no-print">
        <button type="button" onClick={() => window.print()}>{t('print')}</button>
        <Link class="button secondary" href={`/instances/${encodeURIComponent(props.id)}`}>{t('backToCase')}</Link>
      </div>
      <Show when={!view.error && !docs.error} fallback={<p role="alert" class="error">{apiErrorText(view.error ?? docs.error)}</p>}>
        <Show when={view() && docs()} fallback={<p>{t('loading')}</p>}>
          <article class="print-sheet">
            <h1>{view()?.title}</h1>
            <Show when={docs()?.serialNo}>{(n) => <p class="serial-no">{withColon(t('serialNo'))}{n()}</p>}</Show>
            <DocumentList docs={docs()?.documents ?? []} level={2} />
            <p class="printed-at muted">{withColon(t('printedAt'))}{printedAt}</p>
          </article>
        </Show>
      </Show>
    </section>
  );
}
