/**
 * The shell: header with the county, the user's roles and the language switch; the routes of
 * the work portal, the ballot pages and the process designer.
 */
import { createEffect, createSignal, Match, on, onCleanup, Switch, type JSX } from 'solid-js';
import { inParens, lang, listJoin, roleName, setLang, t } from './i18n.ts';
import { LoginPage } from './login.tsx';
import { match, navigate, path, query } from './router.ts';
import { LookupPage, StationFormPage } from './public/station-form-page.tsx';
import { hasRole, isRegionReader, logout, me } from './session.ts';
import { routes } from './routes.tsx';
import { Link } from './ui/link.tsx';
import { lazy } from 'solid-js';
// A voter's page at a report-back meeting (sealing on the phone) loads when a pass's link is opened.
const VoterBallotPage = lazy(() => import('./public/voter-ballot-page.tsx').then((m) => ({ default: m.VoterBallotPage })));

function Header(): JSX.Element {
  const nav = () => [
    // A region reader (上级人大) has no inbox, nothing to start and no ballots: only figures and registers.
    { href: '/', label: t('inbox'), show: !isRegionReader() },
    { href: '/start', label: t('startProcess'), show: !isRegionReader() },
    { href: '/ballots', label: t('ballots'), show: !isRegionReader() },
    { href: '/designer', label: t('designer'), show: hasRole('admin', 'integrator') },
    { href: '/admin', label: t('admin'), show: hasRole('admin') },
    { href: '/register', label: t('register'), show: hasRole('staff', 'leader', 'admin', 'unit', 'region') },
    { href: '/statistics', label: t('statGlance'), show: hasRole('staff', 'leader', 'admin') },
    { href: '/statistics/suggestion', label: t('statistics'), show: hasRole('staff', 'leader', 'admin', 'region') },
    { href: '/stations', label: t('stations'), show: hasRole('staff', 'leader', 'admin') },
    { href: '/duty', label: t('myDuty'), show: hasRole('deputy') },
    { href: '/points', label: t('points'), show: hasRole('deputy', 'staff') },
    { href: '/archive', label: t('myArchive'), show: hasRole('deputy') && !hasRole('staff', 'admin') },
    { href: '/deputies', label: t('deputiesArchive'), show: hasRole('staff', 'admin') },
    { href: '/assessment', label: t('assessment'), show: hasRole('deputy', 'staff', 'leader', 'admin') },
    { href: '/report-back', label: t('reportBack'), show: hasRole('staff', 'leader') },
    { href: '/meetings', label: t('meetings'), show: hasRole('staff', 'leader') },
  ];
  // '/' and '/statistics' are current only for themselves (and their query), not for the pages under them.
  const exact = new Set(['/', '/statistics']);
  const current = (href: string) => (exact.has(href) ? path() === href || path().startsWith(`${href}?`) : path().startsWith(href));
  // On a phone (≤ 600 px) the entries and the person's links fold behind one 菜单 button: at 390 px
  // the header wrapped over 6–9 lines (11–15 entries) and pushed the page below the first screen.
  // On a desk .top-menu is `display: contents`, so the header lays out exactly as before.
  const [menuOpen, setMenuOpen] = createSignal(false);
  let menuButton: HTMLButtonElement | undefined;
  const title = () => nav().find((n) => n.show && current(n.href))?.label ?? t('appName');
  createEffect(on(path, () => setMenuOpen(false), { defer: true }));
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menuOpen()) return;
    setMenuOpen(false);
    menuButton?.focus();
  };
  document.addEventListener('keydown', closeOnEscape);
  onCleanup(() => document.removeEventListener('keydown', closeOnEscape));
  return (
    <header class="top" classList={{ 'menu-open': menuOpen() }}>
      <div class="brand">
        <strong>{t('appName')}</strong>
        <span class="county">{lang() === 'zh' ? me()?.county.name : me()?.county.nameEn ?? me()?.county.name}</span>
      </div>
      <span class="top-title">{title()}</span>
      <button type="button" class="menu-toggle" ref={menuButton} aria-expanded={menuOpen() ? 'true' : 'false'} aria-controls="top-menu" onClick={() => setMenuOpen(!menuOpen())}>
        <span aria-hidden="true">☰</span> {t('menu')}
      </button>
      {/* A choice (an entry, 修改密码, the language, 退出) closes the menu. */}
      <div class="top-menu" id="top-menu" onClick={(e) => (e.target as Element).closest('a, button') && setMenuOpen(false)}>
      <nav aria-label="main">
        {nav()
          .filter((n) => n.show)
          .map((n) => (
            <Link href={n.href} aria-current={current(n.href) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
      </nav>
      <div class="who">
        <span>
          {me()?.displayName}{inParens(listJoin(me()?.roles.map(roleName) ?? []))}
        </span>
        <Link href="/account">{t('accountChangePassword')}</Link>
        <button type="button" class="link" onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </button>
        <button type="button" class="link" onClick={() => void logout().then(() => navigate('/'))}>
          {t('logout')}
        </button>
      </div>
      </div>
    </header>
  );
}

export function App(): JSX.Element {
  // A region reader's home is the dashboard (it has no inbox).
  createEffect(() => {
    if (me() && isRegionReader() && (path() === '/' || path().startsWith('/?'))) navigate('/statistics/suggestion');
  });
  return (
    <Switch fallback={<p class="page">{t('loading')}</p>}>
      {/* The public QR form of a station: no login, whoever is signed in on this browser. */}
      <Match when={match('/public/stations/:code')}>{(p) => <StationFormPage code={p().code as string} />}</Match>
      <Match when={match('/public/lookup')}>
        <LookupPage code={query('code')} />
      </Match>
      {/* A voter's pass at a report-back meeting: no login, whoever is signed in on this browser. */}
      <Match when={match('/public/voter-ballots/:county/:ballot/:pass')}>
        {(p) => <VoterBallotPage county={p().county as string} ballot={p().ballot as string} pass={p().pass as string} />}
      </Match>
      <Match when={me() === null}>
        <LoginPage />
      </Match>
      <Match when={me()}>
        <Header />
        <main class="page">
          <Switch fallback={<p>404</p>}>
            {/* A region reader (上级人大) opens no item, task, form, ballot or administration page: the server refuses them too (REGION_READ_ONLY). */}
            <Match when={isRegionReader() && /^\/(instances|tasks|start|ballots|admin|designer)(\/|\?|$)/.test(path())}>
              <p role="alert" class="error">{t('regRegionRefused')}</p>
            </Match>
            {routes.map((r) => (
              // The page gets live parameters: going from one instance to another (子流程, 上级事项) keeps
              // the page and changes its id, so each read must see the current path, not the first one.
              <Match when={match(r.pattern)}>{(params) => r.view(new Proxy({}, { get: (_, key) => params()[String(key)] }) as Record<string, string>)}</Match>
            ))}
          </Switch>
        </main>
      </Match>
    </Switch>
  );
}
