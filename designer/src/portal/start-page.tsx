/**
 * Starting a process: /start lists the definitions the caller may start (GET
 * /api/definitions: startable and one of the start roles); /start/:id shows the start form
 * of GET /api/definitions/:id and posts it (POST /api/definitions/:id/instances {data}),
 * then opens the new instance.
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api, startInstance } from '../api.ts';
import type { DefinitionDetail, DefinitionSummary, InstanceView } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { label, lang, t, withColon } from '../i18n.ts';
import { navigate } from '../router.ts';
import { hasRole } from '../session.ts';
import { FormRenderer } from './form-renderer.tsx';
import type { Schema } from './form-model.ts';
import { apiErrorText, createSubmission } from './submission.ts';

export function StartListPage(): JSX.Element {
  const [defs] = createResource(() => api<{ definitions: DefinitionSummary[] }>('GET', '/definitions'));
  const mine = () => (defs()?.definitions ?? []).filter((d) => d.startable && d.start && hasRole(...d.start.roles));
  return (
    <section>
      <h1>{t('startProcess')}</h1>
      <Show when={!defs.error} fallback={<p role="alert" class="error">{apiErrorText(defs.error)}</p>}>
        <ul class="cards" aria-busy={defs.loading}>
          <For each={mine()} fallback={<li class="empty">{defs.loading ? t('loading') : t('nothingToStart')}</li>}>
            {(d) => (
              <li class="card">
                <Link href={`/start/${encodeURIComponent(d.id)}`}>{label(d)}</Link>
                <Show when={d.description && lang() === 'zh'}>
                  <span class="muted">{d.description}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

export function StartFormPage(props: { id: string }): JSX.Element {
  const [def] = createResource(() => props.id, (id) => api<DefinitionDetail>('GET', `/definitions/${encodeURIComponent(id)}`));
  const { busy, error, fieldErrors, run } = createSubmission();
  const schema = () => {
    const d = def()?.definition;
    const form = d?.start?.form;
    return form ? d?.forms[form] ?? null : null;
  };
  const start = async (data: Record<string, unknown>) => {
    await run(async () => {
      const view = await startInstance(props.id, data);
      navigate(`/instances/${encodeURIComponent(view.id)}`);
    });
  };
  return (
    <section>
      <Show when={!def.error} fallback={<p role="alert" class="error">{apiErrorText(def.error)}</p>}>
        <Show when={def()} fallback={<p>{t('loading')}</p>}>
          {(d) => (
            <>
              <h1>{withColon(t('startProcess'))}{label(d().definition)}</h1>
              <Show when={schema()} keyed fallback={
                <div class="actions">
                  <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
                  <button type="button" disabled={busy()} onClick={() => void start({})}>{t('startButton')}</button>
                </div>
              }>
                {(s) => (
                  <FormRenderer schema={s} serverErrors={fieldErrors()} busy={busy()} submitLabel={t('startButton')}
                    onSubmit={start} onCancel={() => navigate('/start')}>
                    <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
                  </FormRenderer>
                )}
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
