/**
 * 民生实事项目人大代表票决 through HTTP, from ideas to a rated project: collection, triage,
 * a 差额 candidate list, review, the secret ballot with a tie and its re-vote, one project
 * instance per elected candidate, quarterly report and check, the standing committee's and
 * the deputies' satisfaction tests, and the rectification a 不满意 result opens.
 *
 * The walk itself, with every check along the way, lives in test/replay/walks/livelihood-tie.ts:
 * it is also the walk whose recorded history test/replay replays against the current engine.
 */
import { afterEach, describe, it } from 'vitest';
import { livelihoodTie } from '../replay/walks/livelihood-tie.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('livelihood projects by deputies’ vote over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('runs from ideas to a rated project, with a re-vote on a tie and a rectification after 不满意', { timeout: 600_000 }, async () => {
    handle = await open();
    await livelihoodTie.run(await workApp(handle, livelihoodTie.start));
  });
});
