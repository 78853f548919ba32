/**
 * Every page of the app by path pattern. The portal, ballot and designer folders each add
 * their own routes here.
 */
import { lazy, type JSX } from 'solid-js';
import { InboxPage } from './portal/inbox.tsx';
import { InstancePage } from './portal/instance-page.tsx';
import { PrintPage } from './portal/print-page.tsx';
import { LetterPage } from './portal/letter-page.tsx';
import { StartFormPage, StartListPage } from './portal/start-page.tsx';
import { TaskPage } from './portal/task-page.tsx';
import { RegisterPage } from './portal/register-page.tsx';
import { RegisterPrintPage } from './portal/register-print.tsx';
import { BallotsPage } from './ballot/ballots-page.tsx';
import { AccountPage } from './account-page.tsx';
// The designer (with elkjs, most of the bundle) loads only when an admin opens it.
const DesignerListPage = lazy(() => import('./designer/list.tsx').then((m) => ({ default: m.DesignerListPage })));
const DesignerPage = lazy(() => import('./designer/page.tsx').then((m) => ({ default: m.DesignerPage })));
// A ballot's page (with the sealed ballot's curve arithmetic) loads when one is opened.
const BallotPage = lazy(() => import('./ballot/ballot-page.tsx').then((m) => ({ default: m.BallotPage })));
// The admin screens (admin/) load only when an admin opens them.
const AdminUsersPage = lazy(() => import('./admin/users-page.tsx').then((m) => ({ default: m.UsersPage })));
const AdminUnitsPage = lazy(() => import('./admin/units-page.tsx').then((m) => ({ default: m.UnitsPage })));
const AdminRosterPage = lazy(() => import('./admin/roster-page.tsx').then((m) => ({ default: m.RosterPage })));
const AdminTermsPage = lazy(() => import('./admin/terms-page.tsx').then((m) => ({ default: m.TermsPage })));
const AdminAuditPage = lazy(() => import('./admin/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const AdminNotificationsPage = lazy(() => import('./admin/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })));
const AdminCalendarPage = lazy(() => import('./admin/calendar-page.tsx').then((m) => ({ default: m.CalendarPage })));
// The statistics dashboard (with its charts, echarts) loads only when opened.
const DashboardPage = lazy(() => import('./statistics/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));
const PointsPage = lazy(() => import('./points/points-page.tsx').then((m) => ({ default: m.PointsPage })));
const AssessmentPage = lazy(() => import('./points/assessment-page.tsx').then((m) => ({ default: m.AssessmentPage })));
const ReportPage = lazy(() => import('./statistics/report-page.tsx').then((m) => ({ default: m.ReportPage })));
const GlancePage = lazy(() => import('./statistics/glance-page.tsx').then((m) => ({ default: m.GlancePage })));
const PointsListPage = lazy(() => import('./statistics/points-list-page.tsx').then((m) => ({ default: m.PointsListPage })));
// The stations' pages (stations/) load when opened.
const StationsPage = lazy(() => import('./stations/stations-page.tsx').then((m) => ({ default: m.StationsPage })));
const StationPage = lazy(() => import('./stations/station-page.tsx').then((m) => ({ default: m.StationPage })));
const PosterPage = lazy(() => import('./stations/poster-page.tsx').then((m) => ({ default: m.PosterPage })));
const DutyPage = lazy(() => import('./stations/duty-page.tsx').then((m) => ({ default: m.DutyPage })));
// A deputy's performance archive (履职档案, archive/) loads when opened.
const MyArchivePage = lazy(() => import('./archive/archive-pages.tsx').then((m) => ({ default: m.MyArchivePage })));
const DeputiesArchivePage = lazy(() => import('./archive/archive-pages.tsx').then((m) => ({ default: m.DeputiesPage })));
const DeputyArchivePage = lazy(() => import('./archive/archive-pages.tsx').then((m) => ({ default: m.DeputyArchivePage })));
const RecordIssuePage = lazy(() => import('./stations/record-page.tsx').then((m) => ({ default: m.RecordIssuePage })));
// Report-back to voters (report-back/): the office's plan and coverage page.
const ReportBackPage = lazy(() => import('./report-back/report-back-page.tsx').then((m) => ({ default: m.ReportBackPage })));
// The printable slips of a voters' ballot (ballot/voter-passes-page.tsx, with the QR codes) load when opened.
const VoterPassesPage = lazy(() => import('./ballot/voter-passes-page.tsx').then((m) => ({ default: m.VoterPassesPage })));
// The 交办会 and year-end closing lists (meeting/) load when opened.
const MeetingsPage = lazy(() => import('./meeting/meeting-pages.tsx').then((m) => ({ default: m.MeetingsPage })));
const MeetingPage = lazy(() => import('./meeting/meeting-pages.tsx').then((m) => ({ default: m.MeetingPage })));

export interface Route {
  pattern: string;
  view: (params: Record<string, string>) => JSX.Element;
}

export const routes: Route[] = [
  { pattern: '/', view: () => <InboxPage /> },
  { pattern: '/tasks/:id', view: (p) => <TaskPage id={p.id as string} /> },
  { pattern: '/start', view: () => <StartListPage /> },
  { pattern: '/start/:id', view: (p) => <StartFormPage id={p.id as string} /> },
  { pattern: '/instances/:id', view: (p) => <InstancePage id={p.id as string} /> },
  { pattern: '/instances/:id/print', view: (p) => <PrintPage id={p.id as string} /> },
  { pattern: '/instances/:id/letter', view: (p) => <LetterPage id={p.id as string} /> },
  { pattern: '/ballots', view: () => <BallotsPage /> },
  { pattern: '/ballots/:id', view: (p) => <BallotPage id={p.id as string} /> },
  { pattern: '/designer', view: () => <DesignerListPage /> },
  { pattern: '/designer/:id', view: (p) => <DesignerPage id={p.id as string} /> },
  { pattern: '/admin', view: () => <AdminUsersPage /> },
  { pattern: '/admin/users', view: () => <AdminUsersPage /> },
  { pattern: '/admin/units', view: () => <AdminUnitsPage /> },
  { pattern: '/admin/roster', view: () => <AdminRosterPage /> },
  { pattern: '/admin/terms', view: () => <AdminTermsPage /> },
  { pattern: '/admin/audit', view: () => <AdminAuditPage /> },
  { pattern: '/admin/notifications', view: () => <AdminNotificationsPage /> },
  { pattern: '/admin/calendar', view: () => <AdminCalendarPage /> },
  { pattern: '/account', view: () => <AccountPage /> },
  { pattern: '/register', view: () => <RegisterPage /> },
  { pattern: '/register/print', view: () => <RegisterPrintPage /> },
  { pattern: '/statistics/suggestion', view: () => <DashboardPage /> },
  { pattern: '/statistics/suggestion/report', view: () => <ReportPage /> },
  { pattern: '/statistics', view: () => <GlancePage /> },
  { pattern: '/statistics/deputy-points/list', view: () => <PointsListPage /> },
  { pattern: '/stations', view: () => <StationsPage /> },
  { pattern: '/stations/:id', view: (p) => <StationPage id={p.id as string} /> },
  { pattern: '/stations/:id/poster', view: (p) => <PosterPage id={p.id as string} /> },
  { pattern: '/stations/:id/record', view: (p) => <RecordIssuePage id={p.id as string} /> },
  { pattern: '/duty', view: () => <DutyPage /> },
  { pattern: '/points', view: () => <PointsPage /> },
  { pattern: '/archive', view: () => <MyArchivePage /> },
  { pattern: '/deputies', view: () => <DeputiesArchivePage /> },
  { pattern: '/deputies/:id/archive', view: (p) => <DeputyArchivePage id={p.id as string} /> },
  { pattern: '/assessment', view: () => <AssessmentPage /> },
  { pattern: '/report-back', view: () => <ReportBackPage /> },
  { pattern: '/ballots/:id/passes', view: (p) => <VoterPassesPage id={p.id as string} /> },
  { pattern: '/meetings', view: () => <MeetingsPage /> },
  { pattern: '/meetings/:id', view: (p) => <MeetingPage id={p.id as string} /> },
];
