/**
 * A 重点督办专题's figures on its page, in words (GET /api/instances/:id/key-theme-figures):
 * suggestions, answered and concluded, the lead deputies' ratings, visits planned/done/late and
 * the 推进会. The sentences are the server's (runtime/store/key-theme-figures.ts `wordsOf`), so
 * the page, the year's list and any export say the same. `KeyThemesOfYear` lists a year's themes
 * with the same sentences on 年度概览 (GET /api/key-themes?year=).
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { Link } from '../ui/link.tsx';

interface Figures {
  words: { title: string; title_en: string; lines: Array<{ zh: string; en: string }> };
}

/** A calendar year's 重点督办专题, each by its title (a link to its page) with its figures in words; nothing when there are none or the caller may not read them. */
export function KeyThemesOfYear(props: { year: number }): JSX.Element {
  const [list] = createResource(() => props.year, (year) => api<{ themes: Array<Figures & { id: string; title: string }> }>('GET', `/key-themes?year=${year}`).catch(() => null));
  return (
    <Show when={list()?.themes.length}>
      <section class="glance-key-themes" aria-labelledby="glance-key-themes-h">
        <h3 id="glance-key-themes-h">{t('ktOfYear')}</h3>
        <ul class="cards">
          <For each={list()?.themes ?? []}>
            {(theme) => (
              <li class="card">
                <Link href={`/instances/${encodeURIComponent(theme.id)}`}>{lang() === 'zh' ? theme.words.title : theme.words.title_en}</Link>
                <ul>
                  <For each={theme.words.lines}>{(line) => <li>{lang() === 'zh' ? line.zh : line.en}</li>}</For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
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
