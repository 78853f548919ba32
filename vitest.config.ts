import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Browser tests (test/browser/) drive Debian's Chromium: they run wherever it is installed
 * and always in CI, where .ci/run installs it (a CI without it fails rather than passing
 * without them).
 */
const browser = Boolean(process.env.CI) || existsSync('/usr/lib/chromium/chromium');

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: browser ? [] : ['test/browser/**'],
    globalSetup: browser ? ['test/browser/global-setup.ts'] : [],
    // Store and API suites open real databases (PGlite boots in ~0.5–4 s, more on a loaded 2-core box).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files run in parallel in child processes, two at a time: PGlite is CPU-bound WASM and
    // the CI box has 2 cores; more workers only slow each other down.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
