/** Builds the designer and work portal before the browser tests (vitest globalSetup), unless the build matches its sources. */
import { ensureDesignerBuilt } from '../../server/designer.ts';

export default async function setup(): Promise<void> {
  await ensureDesignerBuilt(() => {});
}
