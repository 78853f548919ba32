/** `/designer`: the processes of the caller's county by their titles (no ids), each opening the designer. */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { DefinitionSummary } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { label, t } from '../i18n.ts';
import { hasRole } from '../session.ts';

export function DesignerListPage(): JSX.Element {
  const [list] = createResource(async () => (await api<{ definitions: DefinitionSummary[] }>('GET', '/definitions')).definitions);
  return (
    <div class="designer">
      <h1>{t('designer')}</h1>
      <Show when={hasRole('admin', 'integrator')} fallback={<p class="error" role="alert">{t('dgNoAccess')}</p>}>
        <p class="muted">{t('dgListHelp')}</p>
        <Show when={list.error}><p class="error" role="alert">{(list.error as Error).message}</p></Show>
        <Show when={list()} fallback={<p>{t('loading')}</p>}>
          {(defs) => (
            <table class="dg-table dg-list">
              <thead>
                <tr><th scope="col">{t('process')}</th><th scope="col">{t('dgKindCol')}</th></tr>
              </thead>
              <tbody>
                <For each={defs()}>
                  {(d) => (
                    <tr>
                      <td><Link href={`/designer/${encodeURIComponent(d.id)}`}>{label(d)}</Link></td>
                      <td>{d.startable ? t('dgStartable') : d.start?.scheduledOnly ? t('dgScheduledOnly') : t('dgChildProcess')}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </Show>
      </Show>
    </div>
  );
}
