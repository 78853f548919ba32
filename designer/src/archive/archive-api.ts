/** The shape of GET /api/deputies/:id/archive (runtime/store/deputy-archive.ts) the pages read. */
export interface Words {
  zh: string;
  en: string;
}

export interface ArchiveEntry {
  id: string;
  date: string;
  dateText: Words;
  title: string;
  part: Words | null;
  state: Words;
  facts: Array<{ label: Words; value: Words }>;
  link: string;
}

export interface ArchiveSection {
  key: string;
  title: Words;
  count: number;
  entries: ArchiveEntry[];
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
