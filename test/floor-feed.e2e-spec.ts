import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FloorChangeFeed, type FloorChange } from '@fc/realtime/feed';
import { eventually } from './support/api-client.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * The change feed as one api process hears it (decisions 0011 and 0061): every announcement, in
 * commit order, and on a busy floor several to a read rather than one wake-up per commit.
 */
describe("the database's change feed", () => {
  let env: TestEnvironment;
  let feed: FloorChangeFeed;
  const heard: FloorChange[] = [];
  /** When each read reached the listener: the announcements of one read come in one turn of the event loop. */
  const reads: number[] = [];
  let inRead = false;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    feed = new FloorChangeFeed(env.config());
    await feed.attach({
      onChange: (change) => {
        if (!inRead) {
          reads.push(performance.now());
          inRead = true;
          setImmediate(() => (inRead = false));
        }
        heard.push(change);
      },
      onResync: async () => undefined,
    });
  });
  afterAll(async () => {
    await feed.onApplicationShutdown();
    await env.close();
  });

  const COMMITS = 200;
  /**
   * Commits {@link COMMITS} changes of one agent back to back (each its own transaction, all sent
   * in one round trip) and waits until the last is heard: the versions heard, and the gaps in ms
   * between the reads that brought them.
   */
  const commitInARow = async () => {
    const { rows } = await env.db.query<{ id: string; version: number }>(`SELECT id, version FROM agents ORDER BY id LIMIT 1`);
    const agent = rows[0]!;
    const [heardBefore, readsBefore] = [heard.length, reads.length];
    const toggle = `BEGIN; UPDATE agents SET state = CASE WHEN state = 'break' THEN 'offline' ELSE 'break' END WHERE id = '${agent.id}'; COMMIT;`;
    await env.db.query(toggle.repeat(COMMITS));
    const last = agent.version + COMMITS;
    await eventually(async () => (heard.some((change) => change.kind === 'agent' && change.id === agent.id && change.version === last) ? true : undefined), 'the last commit announced');
    const versions = heard.slice(heardBefore).flatMap((change) => (change.kind === 'agent' && change.id === agent.id ? [change.version] : []));
    const ours = reads.slice(readsBefore);
    return { first: agent.version + 1, versions, reads: ours.length, gaps: ours.slice(1).map((at, n) => at - ours[n]!) };
  };

  it('hears 200 commits in a row every one, in commit order, reading at most once every 5 ms', async () => {
    const { first, versions, reads: count, gaps } = await commitInARow();
    expect(versions).toEqual(Array.from({ length: COMMITS }, (_, n) => first + n));
    // A listener that reads at every wake-up reads each commit as it comes, a fraction of a millisecond apart.
    expect(count).toBeGreaterThan(1);
    // The timers' clock may run up to a millisecond behind: 4 ms, not 5.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
  });

  it('reads at every wake-up while a listener needs every announcement at once, as the routing leader does', async () => {
    const prompt = { onChange: () => undefined, onResync: async () => undefined, prompt: true };
    await feed.attach(prompt);
    try {
      const { gaps } = await commitInARow();
      // Commits a fraction of a millisecond apart, each read as it comes.
      expect(Math.min(...gaps)).toBeLessThan(4);
    } finally {
      feed.detach(prompt);
    }
  });
});
