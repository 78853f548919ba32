/**
 * One unit's statistics a task shows beside its form (`meta.task.statistics`): an evaluated
 * department's suggestion figures of the year (DOMAIN §8 → §5), in words, as the per-unit
 * statistics table gives them.
 */
import { For, Show, type JSX } from 'solid-js';
import type { TaskDetail } from '../api-types.ts';
import { lang, t, withColon } from '../i18n.ts';

export function TaskStatistics(props: { statistics: TaskDetail['statistics'] }): JSX.Element {
  const zh = () => lang() === 'zh';
  return (
    <Show when={props.statistics}>
      {(s) => (
        <section class="work-item task-statistics" aria-labelledby="task-statistics-h">
          <h2 id="task-statistics-h">
            {zh() ? `${s().unit.name} ${s().period.title}${s().title}` : `${s().unit.name_en ?? s().unit.name}, ${s().period.title_en}: ${s().title_en}`}
          </h2>
          <Show when={s().found} fallback={<p class="muted">{t('noUnitStatistics')}</p>}>
            <dl class="figures">
              <For each={s().figures}>
                {(f) => (
                  <>
                    <dt>{withColon(zh() ? f.title : f.title_en)}</dt>
                    <dd>{zh() ? f.text : f.text_en}</dd>
                  </>
                )}
              </For>
            </dl>
          </Show>
        </section>
      )}
    </Show>
  );
}
