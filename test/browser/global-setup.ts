/** Builds the designer and work portal once before the browser tests (vitest globalSetup). */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: new URL('../../designer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
