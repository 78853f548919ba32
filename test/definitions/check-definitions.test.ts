import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFINITIONS_DIR } from '../../runtime/definition-files.ts';
import { checkDefinitions, formatReport } from '../../runtime/tools/check-definitions.ts';

describe('check:definitions', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of the repo's definitions to break. */
  const copy = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'cf-defs-'));
    cpSync(DEFINITIONS_DIR, dir, { recursive: true });
    return dir;
  };
  const edit = (root: string, file: string, change: (json: any) => void): void => {
    const path = join(root, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    change(json);
    writeFileSync(path, JSON.stringify(json));
  };

  it('finds no problem in the repo, and checks every package and every county overlay over its region chain', () => {
    const report = checkDefinitions();
    expect(report.problems).toEqual([]);
    expect(report.checked).toEqual(
      expect.arrayContaining(['suggestion', 'suggestion-assignment', 'suggestion/metrics.json', 'changshu: suggestion', 'yanjiang: suggestion', 'chengdu: suggestion', 'chengdu: suggestion-assignment', 'qingxi: suggestion-assignment']),
    );
  });

  it('reports a broken overlay with its file, region, code and pointer', () => {
    const root = copy();
    edit(root, 'suggestion/overlays/changshu.json', (j) => {
      j.machine.states.disciplineCoSupervision.on.CO_SUPERVISION_OPINION.target = 'archived';
      j.machine.states.routineCheck.meta.task.outcomes.ROUTINE_CHECKED = 'routineReview';
    });
    const report = checkDefinitions(root);
    expect(report.problems.map((p) => [p.file, p.region, p.code, p.pointer])).toEqual([
      ['suggestion/overlays/changshu.json', 'changshu', 'UNKNOWN_TARGET', '/machine/states/disciplineCoSupervision/on/CO_SUPERVISION_OPINION/target'],
      ['suggestion/overlays/changshu.json', 'changshu', 'UNKNOWN_FORM', '/machine/states/routineCheck/meta/task/outcomes/ROUTINE_CHECKED'],
    ]);
    expect(formatReport(report, root).at(-1)).toMatch(/2 problem\(s\)$/);
  });

  it('checks a city overlay as each of its counties sees it, and an overlay file no region names over the base', () => {
    const root = copy();
    // Chengdu drops the delay its new state uses: the error shows up in the city's overlay.
    edit(root, 'suggestion/overlays/chengdu.json', (j) => {
      delete j.delays;
    });
    writeFileSync(join(root, 'suggestion-assignment/overlays/stray.json'), JSON.stringify({ delays: { feedbackWindow: 'ten days', answerPeriod: { workingDays: 0.5 } } }));
    const report = checkDefinitions(root);
    expect(report.problems.map((p) => [p.file, p.region ?? null, p.code])).toEqual([
      ['suggestion/overlays/chengdu.json', 'chengdu', 'UNKNOWN_DELAY'],
      ['suggestion/overlays/chengdu.json', 'chengdu', 'UNKNOWN_DELAY'],
      ['suggestion-assignment/overlays/stray.json', null, 'INVALID_DELAY'],
      ['suggestion-assignment/overlays/stray.json', null, 'INVALID_DELAY'],
    ]);
  });

  it('checks a statistics catalogue (metrics.json): titles, populations, facts and events it names', () => {
    const root = copy();
    edit(root, 'suggestion/metrics.json', (j) => {
      delete j.populations.recess.title_en;
      j.metrics.concludedRate.denominator = 'nosuch';
      j.populations.concluded.reads.events = ['FINISHED'];
      j.metrics.results.by = 'colour';
    });
    const report = checkDefinitions(root);
    expect(report.checked).toContain('suggestion/metrics.json');
    expect(report.problems.map((p) => [p.file, p.code, p.pointer])).toEqual([['suggestion/metrics.json', 'INVALID_METRICS', '/populations/recess']]);
    edit(root, 'suggestion/metrics.json', (j) => {
      j.populations.recess.title_en = 'In recess';
    });
    expect(checkDefinitions(root).problems.map((p) => [p.code, p.pointer, p.message])).toEqual([
      ['INVALID_METRICS', '/populations/concluded/reads/events', 'no event "FINISHED" in the processes'],
      ['INVALID_METRICS', '/metrics/concludedRate/denominator', 'no population "nosuch"'],
      ['INVALID_METRICS', '/metrics/results/by', 'no suggestion fact "colour"'],
    ]);
  });

  it('exits 1 with readable lines from the command line', () => {
    const root = copy();
    edit(root, 'suggestion/overlays/yanjiang.json', (j) => {
      j.roles = ['deputy', 'staff'];
    });
    let out = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'runtime/tools/check-definitions.ts', root], { encoding: 'utf8' });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      status = e.status;
      out = e.stdout;
    }
    expect(status).toBe(1);
    expect(out).toContain('suggestion/overlays/yanjiang.json [yanjiang]  UNKNOWN_ROLE  /machine/states/keyRework/meta/task/role');
  });
});
