/**
 * /ballots/:id/passes: the slips of a ballot of the voters present (VOTERS, e.g. the voters'
 * satisfaction test after a deputy's report-back, DOMAIN §7.7), for staff to print and hand out
 * at the door — one slip per pass with its QR code and link to the voter's page
 * (/public/voter-ballots/…, GET /api/ballots/:id/voter-passes gives each pass's address) and the
 * pass in letters; on screen, whether each was used. The QR codes are drawn here (the qrcode
 * package, as the stations' posters use on the server) into data: images, never into HTML.
 */
import QRCode from 'qrcode';
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { Link } from '../ui/link.tsx';
import type { BallotView } from './ballot-api.ts';

interface VoterPass {
  pass: string;
  voted: boolean;
  url: string;
}

function PassQr(props: { url: string; pass: string }): JSX.Element {
  const [src] = createResource(() => props.url, async (url) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }))}`);
  return (
    <Show when={src()} fallback={<span class="muted">…</span>}>
      <img class="vp-qr" src={src()} alt={`${t('vpPass')} ${props.pass}`} width="140" height="140" />
    </Show>
  );
}

export function VoterPassesPage(props: { id: string }): JSX.Element {
  const [ballot] = createResource(() => props.id, async (id) => (await api<{ ballot: BallotView }>('GET', `/ballots/${encodeURIComponent(id)}`)).ballot);
  const [passes] = createResource(() => props.id, async (id) => (await api<{ passes: VoterPass[] }>('GET', `/ballots/${encodeURIComponent(id)}/voter-passes`)).passes);
  return (
    <section class="voter-passes">
      <p class="no-print"><Link href={`/ballots/${encodeURIComponent(props.id)}`}>{t('vpBack')}</Link></p>
      <h1>{t('vpTitle')}<Show when={ballot()}>{(b) => <>：{b().title}</>}</Show></h1>
      <Show when={!passes.error} fallback={<p role="alert" class="error">{apiErrorText(passes.error)}</p>}>
        <Show when={passes()} fallback={<p>{t('loading')}</p>}>
          {(list) => (
            <>
              <p class="no-print">{t('vpHelp')}</p>
              <p class="no-print vp-summary" role="status">{fill(t('vpSummary'), { n: String(list().length), used: String(list().filter((p) => p.voted).length) })}</p>
              <p class="actions no-print">
                <button type="button" onClick={() => window.print()}>{t('vpPrint')}</button>
              </p>
              <ol class="vp-slips">
                <For each={list()}>
                  {(p) => (
                    <li class="vp-slip" data-pass={p.pass}>
                      <PassQr url={p.url} pass={p.pass} />
                      <div class="vp-words">
                        <p class="vp-lead">{ballot()?.title ?? t('vbTitle')}</p>
                        <p>{t('vpPass')}：<strong class="vp-code">{p.pass}</strong></p>
                        <p class="vp-link"><a href={p.url}>{p.url}</a></p>
                        <p class={`no-print vp-state${p.voted ? ' used' : ''}`}>{p.voted ? t('vpUsed') : t('vpUnused')}</p>
                      </div>
                    </li>
                  )}
                </For>
              </ol>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
