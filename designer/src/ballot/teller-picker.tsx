/**
 * The tellers (监票人) of a sealed ballot, for staff: chosen by name from the county's users
 * with the shared combobox (PUT /api/ballots/:id/tellers with the whole list, while the ballot
 * is ready), and each one's state in words: 密钥未生成 / 密钥已生成 / 已解密.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { t, withColon } from '../i18n.ts';
import { searchChoices, choiceName, type Choice } from '../portal/choices.ts';
import { apiErrorText } from '../portal/submission.ts';
import { Combobox, type ComboOption } from '../ui/combobox.tsx';
import type { BallotView, TellerState } from './ballot-api.ts';

const toOption = (c: Choice): ComboOption => ({ id: c.id, label: choiceName(c), note: c.note ?? null });

export function TellerPicker(props: { ballot: BallotView; refetch: () => Promise<void> }): JSX.Element {
  const [error, setError] = createSignal('');
  /** Chips follow the saved list; while a change is being saved, the list it will be. */
  const [pending, setPending] = createSignal<ComboOption[] | null>(null);
  const saved = (): ComboOption[] => (props.ballot.tellers ?? []).map((x) => ({ id: x.userId, label: x.name }));
  const save = async (next: ComboOption[]) => {
    setError('');
    setPending(next);
    try {
      await api('PUT', `/ballots/${encodeURIComponent(props.ballot.id)}/tellers`, { tellers: next.map((o) => o.id) });
      await props.refetch();
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setPending(null);
    }
  };
  const selected = () => pending() ?? saved();
  return (
    <div class="teller-picker">
      <label for="teller-picker">{t('tellersPick')}</label>
      <Combobox
        id="teller-picker"
        multiple
        selected={selected()}
        search={async (q) => (await searchChoices('user', q)).map(toOption)}
        onSelect={(o) => void save([...selected().filter((x) => x.id !== o.id), o])}
        onRemove={(id) => void save(selected().filter((x) => x.id !== id))}
        errorText={apiErrorText}
        describedBy="teller-picker-hint"
        texts={{
          placeholder: t('pick_user'),
          loading: t('loading'),
          noMatches: t('noMatches'),
          results: (n) => t('matchCount').replace('{n}', String(n)),
          remove: (name) => `${t('remove')} ${name}`,
          chosen: `${withColon(t('chosenEntries'))}${t('tellers')}`,
          list: t('tellers'),
        }}
      />
      <p class="hint" id="teller-picker-hint">{t('tellersHint')}</p>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
    </div>
  );
}

export const tellerStateWord = (x: TellerState): string => (x.decrypted ? t('tellerStateDecrypted') : x.keyReady ? t('tellerStateKey') : t('tellerStateNoKey'));

export function TellerStates(props: { ballot: BallotView }): JSX.Element {
  return (
    <Show when={(props.ballot.tellers ?? []).length > 0} fallback={<p class="muted">{t('noTellers')}</p>}>
      <ul class="teller-states">
        <For each={props.ballot.tellers ?? []}>
          {(x) => (
            <li data-state={x.decrypted ? 'decrypted' : x.keyReady ? 'key' : 'none'}>
              <span class="teller-name">{x.name}</span>
              <span class={`teller-state ts-${x.decrypted ? 'decrypted' : x.keyReady ? 'key' : 'none'}`}>{tellerStateWord(x)}</span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
