/**
 * Per-request CPU of a completion's phases, for the bench only (a server with PHASE_TIMING=1, for a
 * request with `x-phase-timing: 1`; otherwise nothing is measured): the server's CPU time (process.cpuUsage) between marks, answered
 * in a `Server-Timing` header (`read;dur=0.081, …`, milliseconds). Exact only with one request in
 * flight — the bench's serial probe (test/bench/run.ts) — as requests interleave at every await.
 */
import type { PhaseMarks } from '../runtime/store/index.ts';

export class PhaseTiming implements PhaseMarks {
  private last = process.cpuUsage();
  private readonly phases: Array<[string, number]> = [];

  mark(name: string): void {
    const now = process.cpuUsage();
    this.phases.push([name, (now.user - this.last.user + now.system - this.last.system) / 1000]);
    this.last = now;
  }

  header(): string {
    return this.phases.map(([name, ms]) => `${name};dur=${ms.toFixed(3)}`).join(', ');
  }
}
