/**
 * The cases of other processes linked to this one (DOMAIN §8), in words: an issue shows the
 * suggestion made from it ("转为 代表建议《…》 办理中"), the suggestion shows the issue it came
 * from, the livelihood collection shows the ideas the stations handed it.
 */
import { For, Show, type JSX } from 'solid-js';
import type { InstanceView } from '../api-types.ts';
import { lang, t, withColon } from '../i18n.ts';
import { Link } from '../ui/link.tsx';

type Links = NonNullable<InstanceView['links']>;

const words = (w: { title: string; title_en: string }): string => (lang() === 'zh' ? w.title : w.title_en || w.title);

export function LinkedCases(props: { links: Links | undefined }): JSX.Element {
  return (
    <Show when={(props.links ?? []).length > 0}>
      <section class="linked-cases" aria-labelledby="linked-cases-h">
        <h2 id="linked-cases-h">{t('linkedCases')}</h2>
        <ul class="cards">
          <For each={props.links}>
            {(l) => (
              <li class="card linked-case">
                <span class="muted">{withColon(l.key === 'keySupervision' ? t(l.direction === 'to' ? 'linkedKeySuggestion' : 'linkedKeyTheme') : l.direction === 'to' ? t('linkedTo') : t('linkedFrom'))}</span>
                <span>{words(l.process)}</span>{' '}
                <Link href={`/instances/${encodeURIComponent(l.id)}`}>{lang() === 'zh' ? `《${l.title}》` : `“${l.title}”`}</Link>{' '}
                <strong class="state-current">{words(l.state)}</strong>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
