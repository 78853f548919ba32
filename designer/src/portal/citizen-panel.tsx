/**
 * The citizen who raised a constituent issue (name, phone, address), on the page for
 * the station and the office: GET /api/constituent-issues/:id/citizen answers 404 to everyone
 * else (a handling unit), and then the panel shows nothing at all.
 */
import { createResource, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { t } from '../i18n.ts';

interface CitizenView {
  stationName: string;
  name: string | null;
  phone: string;
  address: string | null;
  anonymous: boolean;
}

export function CitizenPanel(props: { instanceId: string }): JSX.Element {
  const [citizen] = createResource(
    () => props.instanceId,
    (id) => api<{ citizen: CitizenView }>('GET', `/constituent-issues/${encodeURIComponent(id)}/citizen`).then((r) => r.citizen).catch(() => null),
  );
  return (
    <Show when={citizen()}>
      {(c) => (
        <section class="citizen-panel" aria-label={t('citizenTitle')}>
          <h2>{t('citizenTitle')}</h2>
          <dl>
            <dt>{t('citizenName')}</dt>
            <dd>{c().anonymous ? t('citizenAnonymous') : c().name}</dd>
            <dt>{t('citizenPhone')}</dt>
            <dd class="citizen-phone">{c().phone}</dd>
            <Show when={c().address}>
              <dt>{t('citizenAddress')}</dt>
              <dd>{c().address}</dd>
            </Show>
            <dt>{t('citizenStation')}</dt>
            <dd>{c().stationName}</dd>
          </dl>
          <p class="muted">{t('citizenOnlyYou')}</p>
        </section>
      )}
    </Show>
  );
}
