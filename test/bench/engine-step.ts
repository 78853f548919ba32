/**
 * The pure engine alone, in this process: one W1 step (the suggestion's screening task
 * returned to the deputy) on the stored snapshot, without database, HTTP or form check.
 * Printed beside W1 so the engine's share of a completion's server CPU is visible.
 */
import { DEFINITIONS_DIR, readPackageDir } from '../../runtime/definition-files.ts';
import { compileDefinition, start, step, type EngineEvent, type HolidayCalendar } from '../../runtime/engine/index.ts';

export function engineStepMicros(iterations = 20000): number {
  const compiled = compileDefinition(readPackageDir(`${DEFINITIONS_DIR}suggestion`), 'bench', new Set(['suggestion-assignment']));
  if (!compiled.ok) throw new Error(`suggestion package: ${JSON.stringify(compiled.errors)}`);
  const def = compiled.definition;
  const calendar: HolidayCalendar = { holidays: {}, workdays: {} };
  const env = { clock: { now: () => new Date('2026-03-02T02:00:00Z') }, calendar };
  const deputy = { id: 'demo-deputy1', roles: ['deputy'] };
  const input = { title: '关于加快农村道路亮化设施建设的建议', body: '部分村道夜间无照明，群众出行不便，建议分批安装路灯。', origin: 'SESSION', leadDeputyId: deputy.id, coSignerIds: ['demo-deputy2'], sourceCode: 'RESEARCH', startedBy: deputy.id };
  const started = start(def, input, env, { type: 'SUBMIT', data: input, actor: deputy });
  const task = started.snapshot.tasks[0];
  if (!task) throw new Error('no screening task');
  const event: EngineEvent = { type: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' }, actor: { id: 'demo-staff', roles: ['staff'] }, taskKey: task.key };
  const snapshot = JSON.parse(JSON.stringify(started.snapshot)) as typeof started.snapshot;
  for (let i = 0; i < 2000; i++) step(def, snapshot, event, env);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) step(def, snapshot, event, env);
  return ((performance.now() - t0) * 1000) / iterations;
}
