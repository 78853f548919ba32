/**
 * The period chooser of the statistics pages: the periods GET /api/statistics/suggestion/periods
 * offers (calendar years, each term of the county with each of its sessions, the whole term),
 * in the same words the figures, the exports and the report carry.
 */
import { createResource, For, type JSX, type Resource } from 'solid-js';
import { api } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { path } from '../router.ts';

export interface PeriodChoice {
  param: string;
  kind: 'year' | 'session' | 'term';
  title: string;
  title_en: string;
}

export function usePeriods(): Resource<{ periods: PeriodChoice[] }> {
  const [periods] = createResource(() => api<{ periods: PeriodChoice[] }>('GET', '/statistics/suggestion/periods'));
  return periods;
}

/** The period in the page's address, else the current calendar year, else the first offered. */
export function chosenPeriod(periods: PeriodChoice[] | undefined): string {
  const asked = new URLSearchParams(path().split('?')[1] ?? '').get('period');
  if (asked) return asked;
  const list = periods ?? [];
  return (list.find((p) => p.param === `year:${new Date().getFullYear()}`) ?? list[0])?.param ?? '';
}

export function PeriodSelect(props: { periods: PeriodChoice[] | undefined; value: string; onChange: (param: string) => void }): JSX.Element {
  return (
    <label>
      {t('statPeriod')}
      <select name="period" onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={props.periods ?? []}>{(p) => <option value={p.param} selected={p.param === props.value}>{lang() === 'en' ? p.title_en : p.title}</option>}</For>
      </select>
    </label>
  );
}
