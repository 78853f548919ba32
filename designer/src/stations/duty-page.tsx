/** /duty: a deputy's coming days on duty at stations (GET /api/receptions/mine), phone first. */
import { createResource, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { apiErrorText } from '../portal/submission.ts';
import { ReceptionList } from './station-page.tsx';
import type { ReceptionDay } from './types.ts';
import { sw } from './words.ts';

export function DutyPage(): JSX.Element {
  const [days] = createResource(() => api<{ receptions: ReceptionDay[] }>('GET', '/receptions/mine').then((r) => r.receptions));
  return (
    <section class="duty-page">
      <h1>{sw('myDutyTitle')}</h1>
      <p class="notice">{sw('myDutyIntro')}</p>
      {days.error ? <p role="alert" class="error">{apiErrorText(days.error)}</p> : null}
      <ReceptionList days={days() ?? []} loading={days.loading} showStation empty={sw('noDuty')} />
    </section>
  );
}
