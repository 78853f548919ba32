/**
 * A 重点督办专题's figures on its page, in words (GET /api/instances/:id/key-theme-figures):
 * suggestions, answered and concluded, the lead deputies' ratings, visits planned/done/late and
 * the 推进会. The sentences are the server's (runtime/store/key-theme-figures.ts `wordsOf`), so
 * the page, the year's list and any export say the same.
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang, t } from '../i18n.ts';

interface Figures {
  words: { title: string; title_en: string; lines: Array<{ zh: string; en: string }> };
}

export function KeyThemeFigures(props: { instanceId: string; version: number }): JSX.Element {
  // Read again whenever the theme moves on (its version), so the figures follow the page.
  const [figures] = createResource(() => `${props.instanceId}@${props.version}`, () => api<Figures>('GET', `/instances/${encodeURIComponent(props.instanceId)}/key-theme-figures`).catch(() => null));
  return (
    <Show when={figures()}>
      {(f) => (
        <section class="key-theme-figures" aria-labelledby="key-theme-figures-h">
          <h2 id="key-theme-figures-h">{t('ktFigures')}</h2>
          <ul>
            <For each={f().words.lines}>{(line) => <li>{lang() === 'zh' ? line.zh : line.en}</li>}</For>
          </ul>
        </section>
      )}
    </Show>
  );
}
