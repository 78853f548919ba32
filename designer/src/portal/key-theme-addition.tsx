/**
 * 列入重点督办专题 on a suggestion's page (issue 16 item 1): a leader who may add to a theme
 * sees the button while the suggestion is in handling and in no theme; it opens a choice of
 * the running themes by their names and a reason, posted to POST /api/instances/:id/key-themes
 * (which completes the theme's own 增列 task). What is offered and every refusal are the
 * server's (runtime/store/key-theme-addition.ts); this only shows them, never an id.
 */
import { createResource, createSignal, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { ActionForm } from './action-form.tsx';
import type { Schema } from './form-model.ts';
import { createSubmission } from './submission.ts';

interface Offer {
  themes: Array<{ id: string; title: string }>;
  refusal: { code: string; message: string; message_en: string } | null;
}

function schemaOf(themes: Offer['themes']): Schema {
  return {
    type: 'object',
    required: ['themeId'],
    properties: {
      themeId: {
        type: 'string',
        title: t('ktTheme'),
        // The themes by their names: the id is only the value sent.
        oneOf: themes.map((th) => ({ const: th.id, title: th.title, 'x-ui': { label_en: th.title } })),
        'x-ui': { widget: 'radio', label_en: t('ktTheme'), order: 1 },
      },
      reason: { type: 'string', maxLength: 2000, title: t('ktReason'), 'x-ui': { widget: 'textarea', label_en: t('ktReason'), order: 2 } },
    },
  };
}

export function KeyThemeAddition(props: { instanceId: string; onAdded: () => void }): JSX.Element {
  // A caller who may not add (403) or a suggestion of nowhere: no button.
  const [offer, { refetch }] = createResource(() => props.instanceId, (id) => api<Offer>('GET', `/instances/${encodeURIComponent(id)}/key-themes`).catch(() => null));
  const [open, setOpen] = createSignal(false);
  const { busy, error, fieldErrors, run } = createSubmission();
  const offered = () => {
    const o = offer();
    return o && o.refusal === null && o.themes.length > 0 ? o : null;
  };
  const send = (data: Record<string, unknown>) =>
    run(async () => {
      await api('POST', `/instances/${encodeURIComponent(props.instanceId)}/key-themes`, data);
      setOpen(false);
      await refetch();
      props.onAdded();
    });
  return (
    <Show when={offered()}>
      {(o) => (
        <section class="key-theme-addition no-print">
          <button type="button" class={open() ? '' : 'secondary'} aria-expanded={open()} onClick={() => setOpen(!open())}>{t('ktAdd')}</button>
          <Show when={open()}>
            <ActionForm title={t('ktAdd')} schema={schemaOf(o().themes)} fieldErrors={fieldErrors()} busy={busy()} error={error()}
              onSubmit={(data) => send(data)} onCancel={() => setOpen(false)} />
          </Show>
        </section>
      )}
    </Show>
  );
}
