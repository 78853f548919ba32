/**
 * An instance's links to other processes (DOMAIN §8) as its page shows them: the other case's
 * process, title and state in words — an issue shows "代表建议《…》 办理中", the suggestion
 * shows the issue it came from. Links are written by the steps that make them (step-writer.ts).
 */
import type { Kysely } from 'kysely';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { stateWords } from './register.ts';
import { selectInstanceLinks } from './sql/instance-links.ts';

export interface InstanceLinkView {
  /** `to`: this instance made the other (the issue → its suggestion); `from`: the other made this one. */
  direction: 'to' | 'from';
  key: string;
  id: string;
  definitionId: string;
  process: { title: string; title_en: string };
  title: string;
  state: { title: string; title_en: string };
  finished: boolean;
  /** The child of this instance that holds the link (a unit's handling → its follow-up), when it is not this instance's own. */
  via?: string;
}

export async function instanceLinks(db: Kysely<Database>, rt: Runtime, countyId: string, id: string): Promise<InstanceLinkView[]> {
  const rows = await selectInstanceLinks(db, countyId, id);
  const out: InstanceLinkView[] = [];
  for (const r of rows) {
    const { pkg } = await rt.registry.byHash(db, r.definition_hash);
    out.push({
      direction: r.direction,
      key: r.key,
      id: r.id,
      definitionId: r.definition_id,
      process: { title: pkg.title, title_en: pkg.title_en ?? pkg.title },
      title: r.title,
      state: { title: stateWords(pkg, r.state, 'zh'), title_en: stateWords(pkg, r.state, 'en') },
      finished: r.status !== 'active',
    });
  }
  return out;
}
