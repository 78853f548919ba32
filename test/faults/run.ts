/**
 * `npm run test:faults`: the reliability proofs on real PostgreSQL with real server processes
 * (server/main.ts), each on a fresh database that this script creates and drops.
 *
 *  (a) kill -9 under load: 5 times, the server is killed while clients complete tasks over
 *      HTTP, and started again; then every acknowledged start and completion must be in the
 *      database, every instance's event sequence gapless (1..version), no task both open and
 *      completed (or completed twice), and no serial number given twice or skipped.
 *  (b) two servers started together on one fresh database: the migrations and the demo seed
 *      run once; timers that fall due at the same instant fire exactly once between them.
 *
 * Options (env): FAULTS_ADMIN_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres),
 * FAULTS_KILLS (5), FAULTS_CLIENTS (8), FAULTS_ACKED_PER_LIFE (150), FAULTS_TIMER_SUGGESTIONS (20).
 * Exits 1 when any invariant is broken.
 */
import { killRun, twoServers } from './support.ts';

const kills = Number(process.env.FAULTS_KILLS ?? 5);
const clients = Number(process.env.FAULTS_CLIENTS ?? 8);
const perLife = Number(process.env.FAULTS_ACKED_PER_LIFE ?? 150);
const timerSuggestions = Number(process.env.FAULTS_TIMER_SUGGESTIONS ?? 20);

async function main(): Promise<void> {
  let failed = false;
  console.log(`(a) kill -9 under load: ${kills} kills, ${clients} clients, ≥ ${perLife} acknowledged writes per server life`);
  const a = await killRun({ kills, clients, minAckedPerLife: perLife, log: (l) => console.log(l) });
  const c = a.check;
  console.log(`  kills: ${a.kills}; requests cut off by a kill: ${a.record.unanswered}; server starts took ${a.starts.map((s) => s.toFixed(1)).join(', ')} s`);
  console.log(`  acknowledged starts ${c.acknowledgedStarts}, found ${c.foundStarts}; acknowledged completions ${c.acknowledgedCompletions}, found ${c.foundCompletions}`);
  console.log(`  database: ${c.instances} instances, ${c.events} events (gapless per instance), ${c.tasks} tasks, ${c.serials} serial numbers (no duplicate)`);
  console.log(`  unexpected answers: ${a.record.unexpected.length}; violations: ${c.violations.length}; ${a.seconds.toFixed(0)} s`);
  for (const u of a.record.unexpected.slice(0, 10)) console.log(`    unexpected: ${u}`);
  for (const v of c.violations.slice(0, 20)) console.log(`    VIOLATION: ${v}`);
  if (c.violations.length > 0 || a.record.unexpected.length > 0 || a.kills !== kills) failed = true;

  console.log(`(b) two servers started together on one fresh database, ${timerSuggestions} registrations`);
  const b = await twoServers({ suggestions: timerSuggestions });
  console.log(`  migrations: applied by ${b.migrationRuns} process (${b.migrationsApplied} migrations, ${b.migrationRows} recorded once each); demo county seeded ${b.demoSeeded} time`);
  console.log(`  timers due at once: ${b.timersDue}; fired: ${b.fired} (server A ${b.firedBy[0]}, server B ${b.firedBy[1]}); cancelled by an earlier timer leaving their state: ${b.cancelled}; events appended: ${b.timerEvents}`);
  console.log(`  violations: ${b.violations.length}; ${b.seconds.toFixed(0)} s`);
  for (const v of b.violations.slice(0, 20)) console.log(`    VIOLATION: ${v}`);
  if (b.violations.length > 0 || b.firedOfArmed + b.cancelled !== b.timersDue) failed = true;

  console.log(failed ? 'test:faults FAILED' : 'test:faults passed');
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
