/**
 * What the HTTP API sends, typed by the server's own code: `import type` only (erased by
 * `verbatimModuleSyntax`, so no server code enters the bundle), and a change of a view on the
 * server is a type error here rather than a silent drift of a hand-made copy. Responses the
 * server builds inline in a route are composed below from the runtime's types, each naming
 * its route.
 */
import type { DefinitionError, ProcessPackage } from '../../runtime/engine/index.ts';

export type { DefinitionChange, DefinitionError, JsonSchema, ProcessPackage, StateJson } from '../../runtime/engine/index.ts';
export type { FieldError } from '../../runtime/errors.ts';
export type {
  BallotResult,
  BallotView,
  CastReceipt,
  DeputyView,
  DocumentView,
  DirectoryEntry,
  DirectoryKind,
  FileView,
  InstanceDocuments,
  NameView,
  TaskDetail,
  HistoryEntry,
  InstanceSummary,
  InstanceView,
  NameEntry,
  NotificationView,
  OutcomeView,
  TaskView,
  Unit,
  UserView,
  VersionView,
} from '../../runtime/store/index.ts';
export type { MeView } from '../../server/index.ts';
export type { RegisterOptionsView, RegisterProcess, RegisterView } from '../../runtime/store/index.ts';
export type { PaperCounts, SealedBox } from '../../runtime/store/index.ts';
/** The brief answer of a start or a completion (`Prefer: return=minimal`): the server's own type. */
export type { InstanceBrief } from '../../runtime/store/index.ts';

/** GET /api/definitions → `{definitions}`: one entry per process (server/routes/instances.ts). */
export interface DefinitionSummary extends Pick<ProcessPackage, 'id' | 'version' | 'title' | 'title_en'> {
  hash: string;
  description: string | null;
  /** Has a start form and is not only a child process. */
  startable: boolean;
  start: NonNullable<ProcessPackage['start']> | null;
}

/** GET /api/definitions/:id: the definition new instances start on (server/routes/definitions.ts). */
export interface DefinitionDetail {
  id: string;
  hash: string;
  definition: ProcessPackage;
}

/** GET /api/definitions/:id/draft (admin): what the designer edits (server/routes/definitions.ts). */
export interface DefinitionDraft {
  /** The parent's effective definition (base + province + city overlays). */
  parent: ProcessPackage;
  /** The county's saved overlay (a JSON Merge Patch), or null. */
  overlay: unknown;
  /** The draft: parent + overlay. */
  definition: ProcessPackage;
  errors: DefinitionError[];
}

// Admin screens (designer/src/admin/): the roster preview and import, terms and sessions (server/routes/roster.ts).
export type { RosterImportResult, RosterPreview, Session, Term } from '../../runtime/store/index.ts';
export type { RosterError, RosterRow } from '../../runtime/roster/index.ts';
