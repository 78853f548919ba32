/**
 * The 监票人 section of /ballots/:id, for a user the ballot names as teller (a deputy on a
 * phone, staff at a desk). Before the vote: 生成监票密钥 — the browser draws the key share,
 * keeps it in localStorage and offers it as a file; only the public key and its proof go to the
 * server (POST /teller-key). While counting: 解密 — the browser fetches the box, checks every
 * teller key and every ballot's proofs, adds the ballots up itself (it never decrypts what the
 * server hands it), makes its partial decryption with the share and posts it; and any teller
 * may enter the paper ballots counted in the hall (paper-form.tsx).
 */
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { me } from '../session.ts';
import { aggregate, ballotTracker, jointKey, makeTellerKey, partialDecrypt, verifySealedBallot, verifyTellerKey, type SchnorrProof, type SealedBallot, type TellerSecret } from '../../../runtime/ballot/sealed/index.ts';
import type { BallotSpec } from '../../../runtime/ballot/types.ts';
import type { BallotBox, BallotView } from './ballot-api.ts';
import { PaperForm } from './paper-form.tsx';
import { dropSecret, loadSecret, paint, random, readSecretFile, saveSecret, secretFile, secretFileName } from './sealed-device.ts';

export function TellerPanel(props: { ballot: BallotView; refetch: () => Promise<void> }): JSX.Element {
  const userId = () => me()?.id ?? '';
  const b = () => props.ballot;
  const mine = () => b().tellers?.find((x) => x.userId === userId());
  const [secret, setSecret] = createSignal<TellerSecret | null>(loadSecret(b().id, userId()));
  const [fresh, setFresh] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal('');
  const [error, setError] = createSignal('');
  const [dropped, setDropped] = createSignal(false);

  // Once the result is published the share has done its work: it goes from this device.
  onMount(() => {
    if (b().status === 'closed' && dropSecret(b().id, userId())) {
      setSecret(null);
      setDropped(true);
    }
  });

  const generate = async () => {
    const context = b().tellerContext;
    if (!context) return setError(t('tellerNoContext'));
    setBusy(true);
    setError('');
    setProgress(t('tellerGenerating'));
    try {
      await paint();
      const { secret: share, key } = makeTellerKey(random, context);
      const s: TellerSecret = { tellerId: userId(), ballotId: b().id, secret: share, publicKey: key.publicKey };
      saveSecret(s);
      await api('POST', `/ballots/${encodeURIComponent(b().id)}/teller-key`, { publicKey: key.publicKey, proof: key.proof });
      setSecret(s);
      setFresh(true);
      await props.refetch();
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
      setProgress('');
    }
  };

  const loadFile = async (file: File | undefined) => {
    setError('');
    if (!file) return;
    const s = await readSecretFile(file, b().id, userId());
    if (!s) return setError(t('tellerFileWrong'));
    saveSecret(s);
    setSecret(s);
  };

  const decrypt = async () => {
    const s = secret();
    if (!s) return;
    setBusy(true);
    setError('');
    setProgress(t('tellerFetchingBox'));
    try {
      const box = await api<BallotBox>('GET', `/ballots/${encodeURIComponent(b().id)}/box`);
      const problem = await checkBox(box, s, (done, total) => setProgress(fill(t('tellerChecking'), { done: String(done), total: String(total) })));
      if (problem) {
        setError(problem);
        return;
      }
      setProgress(t('tellerDecrypting'));
      await paint();
      const agg = aggregate(box.spec as BallotSpec, box.ballots.map((x) => x.sealed as SealedBallot));
      const d = partialDecrypt(s.secret, agg, random, box.context);
      await api('POST', `/ballots/${encodeURIComponent(b().id)}/decryption`, { shares: d.shares, proofs: d.proofs });
      await props.refetch();
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
      setProgress('');
    }
  };

  const KeyFile = (p: { s: TellerSecret }) => {
    const href = URL.createObjectURL(secretFile(p.s));
    onCleanup(() => URL.revokeObjectURL(href));
    return (
      <p class="key-file">
        <a class="button secondary" href={href} download={secretFileName(b().title)}>{t('tellerDownload')}</a>
        <span class="hint">{t('tellerKeepFile')}</span>
      </p>
    );
  };

  const LoadKey = () => (
    <div class="load-key">
      <p class="notice warn">{t('tellerNoKeyHere')}</p>
      <label for="teller-key-file">{t('tellerChooseFile')}</label>
      <input id="teller-key-file" type="file" accept="application/json,.json" onChange={(e) => void loadFile(e.currentTarget.files?.[0])} />
    </div>
  );

  return (
    <section class="teller-panel" aria-labelledby="teller-h">
      <h2 id="teller-h">{t('tellerSection')}</h2>
      <Switch>
        <Match when={b().status === 'ready'}>
          <Switch>
            <Match when={mine()?.keyReady && secret()}>
              {(s) => (
                <>
                  <p class="ok-line" role="status">{fresh() ? t('tellerKeyMade') : t('tellerKeyHere')}</p>
                  <KeyFile s={s()} />
                </>
              )}
            </Match>
            <Match when={mine()?.keyReady}>
              <p class="notice warn">{t('tellerKeyElsewhere')}</p>
            </Match>
            <Match when={true}>
              <p>{t('tellerKeyIntro')}</p>
            </Match>
          </Switch>
          <div class="actions">
            <button type="button" class={mine()?.keyReady ? 'secondary' : ''} disabled={busy()} onClick={() => void generate()}>
              {mine()?.keyReady ? t('tellerRegenerate') : t('tellerGenerate')}
            </button>
          </div>
        </Match>
        <Match when={b().status === 'open'}>
          <p>{t('tellerWaitClose')}</p>
          <Show when={secret()} fallback={<LoadKey />}>
            <p class="ok-line">{t('tellerKeyHere')}</p>
          </Show>
        </Match>
        <Match when={b().status === 'counting'}>
          <Show when={!mine()?.decrypted} fallback={<p class="ok-line" role="status">{t('tellerDecrypted')}</p>}>
            <p>{t('tellerDecryptIntro')}</p>
            <Show when={secret()} fallback={<LoadKey />}>
              <div class="actions">
                <button type="button" disabled={busy()} onClick={() => void decrypt()}>{t('tellerDecrypt')}</button>
              </div>
            </Show>
          </Show>
        </Match>
        <Match when={b().status === 'closed'}>
          <p class="muted">{dropped() ? t('tellerKeyDropped') : t('tellerDone')}</p>
        </Match>
      </Switch>
      <Show when={progress()}><p class="wait" role="status" aria-live="polite">{progress()}</p></Show>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <Show when={b().status === 'counting'}>
        <PaperForm ballot={b()} refetch={props.refetch} />
      </Show>
    </section>
  );
}

/**
 * The checks a teller's device makes before it decrypts anything: every teller key proves
 * itself, the joint key is their product, the voting context is built from it, this device's
 * share is the one published, and every ballot in the box carries valid proofs and its tracker.
 * Returns the words of the first problem, or null.
 */
async function checkBox(box: BallotBox, s: TellerSecret, progress: (done: number, total: number) => void): Promise<string | null> {
  if (!box.tellers.every((k) => verifyTellerKey({ publicKey: k.publicKey, proof: k.proof as SchnorrProof }, box.tellerContext))) return t('boxBadTellerKey');
  if (jointKey(box.tellers.map((k) => k.publicKey)) !== box.jointKey || box.context !== `${box.tellerContext}/${box.jointKey}`) return t('boxBadJointKey');
  if (box.tellers.find((k) => k.userId === s.tellerId)?.publicKey !== s.publicKey) return t('tellerKeyMismatch');
  const spec = box.spec as BallotSpec;
  const total = box.ballots.length;
  for (let i = 0; i < total; i++) {
    if (i % 8 === 0) {
      progress(i, total);
      await paint();
    }
    const entry = box.ballots[i] as BallotBox['ballots'][number];
    const verdict = verifySealedBallot(spec, box.jointKey, entry.sealed, box.context);
    if (!verdict.ok || ballotTracker(entry.sealed as SealedBallot) !== entry.tracker) return fill(t('boxBadBallot'), { n: String(i + 1) });
  }
  progress(total, total);
  return null;
}
