/**
 * One error catalogue: every code has one kind (so one HTTP status) and words in Chinese and
 * English; only the server maps kinds to statuses, and the runtime imports nothing of the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../runtime/error-codes.ts';
import { AppError } from '../../runtime/errors.ts';
import { httpStatus, STATUS_OF_KIND } from '../../server/errors.ts';

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe(`error catalogue: ${Object.keys(ERROR_CODES).length} codes`, () => {
  it('gives every code a kind with a status, and words in Chinese and English', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(Object.keys(STATUS_OF_KIND), code).toContain(entry.kind);
      expect(entry.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en.length, code).toBeGreaterThan(3);
    }
  });

  it('answers each code with the status of its kind, and the catalogue message when none is given', () => {
    const err = new AppError('TASK_NOT_OPEN');
    expect([httpStatus(err), err.message, 'status' in err]).toEqual([409, 'The task is no longer open', false]);
    expect(httpStatus(new AppError('STEP_LOOP', 'cycles'))).toBe(422);
  });

  it('keeps HTTP out of the runtime: no runtime file imports the server or hono', () => {
    const offenders = tsFiles('runtime').filter((f) => /from '(hono|[./]*server\/)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
