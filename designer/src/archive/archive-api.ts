/** The shape of GET /api/deputies/:id/archive the pages read: the server's own (runtime/store/deputy-archive-views.ts). */
export type { ArchiveEntry, ArchiveSection, DeputyArchive, Words } from '../../../runtime/store/deputy-archive-views.ts';
