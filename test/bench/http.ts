/**
 * The load generator's HTTP client and worker pool, shared by `npm run bench` and
 * `npm run test:faults` (test/faults/).
 */
import { Agent, request } from 'node:http';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * The load generator uses node:http with a keep-alive agent: undici's fetch cost several
 * times more client CPU per request, and the client shares the 2 cores with the server and
 * PostgreSQL.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });

/**
 * An idle keep-alive socket can be closed by the server (its keepAliveTimeout is 5 s) just as a
 * request is written to it — between workloads, while W-ballot seals its ballots, this ended a
 * bench run with ECONNRESET. `timeout` drops idle sockets before the server does; a request that
 * still meets a reset on a reused socket never reached the server, so it is sent again once (the
 * pattern Node's http documentation gives for `request.reusedSocket`).
 */
export async function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  try {
    return await sendOnce(url, method, headers, body);
  } catch (e) {
    if ((e as { reusedSocket?: boolean; code?: string }).reusedSocket && (e as { code?: string }).code === 'ECONNRESET') return sendOnce(url, method, headers, body);
    throw e;
  }
}

function sendOnce(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

/** Run `work` on `n` workers pulling from one queue; returns per-item latencies in ms. */
export async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<{ ms: number[]; seconds: number; startUs: bigint; endUs: bigint }> {
  const queue = [...items];
  const ms: number[] = [];
  const startUs = process.hrtime.bigint() / 1000n;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        const s = performance.now();
        await work(item);
        ms.push(performance.now() - s);
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000, startUs, endUs: process.hrtime.bigint() / 1000n };
}
