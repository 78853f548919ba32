/** A walk over the API whose history record.ts keeps as a fixture. */
import type { WorkApp } from '../../support/work-app.ts';

export interface Walk {
  /** The fixture's file name without `.json`. */
  name: string;
  description: string;
  /** The simulated clock's start. */
  start: string;
  run(w: WorkApp): Promise<void>;
}
