/**
 * /stations/:id/poster: the printable poster of a station — its name and kind, the QR code
 * (GET /api/stations/:id/qr.svg, shown as an image from a blob: the API needs the bearer
 * token a plain <img src> cannot send) that opens the public form, and a print button. The
 * office may draw a new code (the old posters stop working).
 */
import { createResource, createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { api, apiBlob } from '../api.ts';
import { lang } from '../i18n.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { hasRole } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { levelTitle } from './stations-page.tsx';
import type { StationView } from './types.ts';
import { sw } from './words.ts';

export function PosterPage(props: { id: string }): JSX.Element {
  const path = `/stations/${encodeURIComponent(props.id)}`;
  const [version, setVersion] = createSignal(0);
  const [station, { refetch }] = createResource(() => api<StationView>('GET', path));
  let url: string | undefined;
  const [qr] = createResource(version, async () => {
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(await apiBlob(`${path}/qr.svg`));
    return url;
  });
  onCleanup(() => url && URL.revokeObjectURL(url));
  const renew = createSubmission();
  const [notice, setNotice] = createSignal('');
  const newCode = () => void renew.run(async () => {
    if (!window.confirm(sw('newCodeConfirm'))) return;
    await api('POST', `${path}/public-code`, {});
    await refetch();
    setVersion(version() + 1);
    setNotice(sw('codeRenewed'));
  });
  return (
    <section class="poster-page">
      <p class="no-print"><Link href={path}>{sw('back')}</Link></p>
      <Show when={!station.error} fallback={<p role="alert" class="error">{apiErrorText(station.error)}</p>}>
        <Show when={station()}>
          {(s) => (
            <section class="poster" aria-label={sw('qr')}>
              <p class="poster-level">{levelTitle(s())}</p>
              <h1 class="poster-name">{lang() === 'en' && s().nameEn ? s().nameEn : s().name}</h1>
              <p class="poster-lead">{sw('posterLead')}</p>
              <Show when={qr()} fallback={<p class="muted">…</p>}>
                <img class="poster-qr" src={qr()} alt={`${sw('qr')}：${s().name}`} width="320" height="320" />
              </Show>
              <p class="poster-note">{sw('posterNote')}</p>
              <Show when={s().address}><p class="poster-address">{s().address}</p></Show>
            </section>
          )}
        </Show>
      </Show>
      <Show when={notice()}><p role="status" class="admin-ok no-print">{notice()}</p></Show>
      <p class="actions no-print">
        <button type="button" onClick={() => window.print()}>{sw('print')}</button>
        <Show when={hasRole('admin', 'staff')}>
          <button type="button" class="secondary" disabled={renew.busy()} onClick={newCode}>{sw('newCode')}</button>
        </Show>
      </p>
    </section>
  );
}
