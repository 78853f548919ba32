/**
 * The shape of a deputy's 履职档案 (GET /api/deputies/:id/archive): runtime/store/deputy-archive.ts
 * builds it and the portal (designer/src/archive) reads it. Types only, no code: the designer
 * imports this module with `import type`, so nothing of the server reaches the bundle.
 */

/** A text in both languages. */
export interface Words {
  zh: string;
  en: string;
}

export interface ArchiveFact {
  label: Words;
  value: Words;
}

export interface ArchiveEntry {
  id: string;
  /** The activity's county-local day, YYYY-MM-DD, and in words. */
  date: string;
  dateText: Words;
  title: string;
  /** What the deputy was in it: 领衔代表, 联名附议, 值班代表… */
  part: Words | null;
  state: Words;
  facts: ArchiveFact[];
  /** The portal path that opens it. */
  link: string;
}

export type ArchiveSectionKey = 'session' | 'suggestions' | 'receptions' | 'issues' | 'inspections' | 'ballots' | 'training' | 'reportBacks' | 'commendations' | 'points';

export interface ArchiveSection {
  key: ArchiveSectionKey;
  title: Words;
  count: number;
  entries: ArchiveEntry[];
  /** What the page says when the section is empty (and, for training, how it will be filled). */
  empty: Words;
}

export interface DeputyArchive {
  year: number;
  title: Words;
  deputy: { id: string; name: string; delegation: string | null; group: string | null; standingCommittee: boolean };
  sections: ArchiveSection[];
  points: {
    total: number;
    inReview: number;
    quarters: Array<{ quarter: number; title: Words; points: number; rank: number | null; of: number; published: boolean }>;
  };
}
