/**
 * /archive: the deputy's own 履职档案 (on a phone first). /deputies: the office's roster, each
 * deputy opening /deputies/:id/archive (the same view, with the way back).
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { apiErrorText } from '../portal/submission.ts';
import { me } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { ArchiveView } from './archive-view.tsx';
import { aw } from './words.ts';

export function MyArchivePage(): JSX.Element {
  return (
    <Show when={me()?.id} fallback={<p>{aw('loading')}</p>}>
      {(id) => <ArchiveView deputyId={id()} />}
    </Show>
  );
}

export function DeputyArchivePage(props: { id: string }): JSX.Element {
  return <ArchiveView deputyId={props.id} back="/deputies" />;
}

interface RosterDeputy {
  userId: string;
  name: string;
  delegation: string | null;
  group: string | null;
  active: boolean;
}

export function DeputiesPage(): JSX.Element {
  const [list] = createResource(() => api<{ deputies: RosterDeputy[] }>('GET', '/deputies').then((r) => r.deputies));
  const [q, setQ] = createSignal('');
  const shown = createMemo(() => {
    const words = q().trim();
    return (list() ?? []).filter((d) => !words || [d.name, d.delegation ?? '', d.group ?? ''].some((x) => x.includes(words)));
  });
  return (
    <section class="archive-deputies">
      <h1>{aw('deputiesTitle')}</h1>
      <p class="notice">{aw('deputiesIntro')}</p>
      <label class="archive-search">
        {aw('search')}
        <input type="search" placeholder={aw('searchHint')} value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <Show when={!list.error} fallback={<p role="alert" class="error">{apiErrorText(list.error)}</p>}>
        <ul class="cards archive-roster">
          <For each={shown()} fallback={<li class="empty">{list.loading ? aw('loading') : aw('noDeputies')}</li>}>
            {(d) => (
              <li class="card">
                <Link href={`/deputies/${encodeURIComponent(d.userId)}/archive`}>{d.name}</Link>
                <span class="muted">{[d.delegation, d.group].filter(Boolean).join(' · ')}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
