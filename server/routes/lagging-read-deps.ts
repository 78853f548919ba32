/**
 * What the register and statistics routes get (server/routes/lagging-reads.ts mounts them):
 * the primary for their one write (an export's audit row) and the database they read from.
 * Apart from lagging-reads.ts so the routes need not import the file that imports them.
 */
import type { Kysely } from 'kysely';
import type { Database, Runtime } from '../../runtime/store/index.ts';

export interface LaggingReadDeps {
  /** The primary: the exports' audit rows. */
  db: Kysely<Database>;
  /** The read replica (DATABASE_READ_URL), or `db` when there is none: every read of these routes. */
  readDb: Kysely<Database>;
  rt: Runtime;
}
