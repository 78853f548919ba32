/**
 * Same-run baseline: pgbench's simple-update script (-N) against the same PostgreSQL with
 * the same client count, so our figure is read as a ratio, not a lucky number.
 */
import { execFileSync } from 'node:child_process';

export interface PgbenchResult {
  clients: number;
  tps: number;
  latencyMs: number;
}

function psql(adminUrl: string, command: string): void {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { stdio: 'pipe' });
}

export function runPgbench(adminUrl: string, clients: number, seconds: number): PgbenchResult {
  const db = `bench_pgbench_${process.pid}`;
  psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
  psql(adminUrl, `CREATE DATABASE ${db}`);
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', '10', url.toString()], { stdio: 'pipe' });
    const out = execFileSync('pgbench', ['-N', '-c', String(clients), '-j', '2', '-T', String(seconds), url.toString()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
    return { clients, tps, latencyMs };
  } finally {
    psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
  }
}
