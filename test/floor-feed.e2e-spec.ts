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

  it('hears 200 commits in a row every one, in commit order, reading at most once every 5 ms', async () => {
    const { rows } = await env.db.query<{ id: string; version: number }>(`SELECT id, version FROM agents ORDER BY id LIMIT 1`);
    const agent = rows[0]!;
    const commits = 200;
    const readsBefore = reads.length;
    // 200 transactions, each its own commit, sent in one round trip: the server commits them back to back.
    const toggle = `BEGIN; UPDATE agents SET state = CASE WHEN state = 'break' THEN 'offline' ELSE 'break' END WHERE id = '${agent.id}'; COMMIT;`;
    await env.db.query(toggle.repeat(commits));
    const last = agent.version + commits;
    await eventually(async () => (heard.some((change) => change.kind === 'agent' && change.id === agent.id && change.version === last) ? true : undefined), 'the last commit announced');

    const versions = heard.flatMap((change) => (change.kind === 'agent' && change.id === agent.id ? [change.version] : []));
    expect(versions).toEqual(Array.from({ length: commits }, (_, i) => agent.version + 1 + i));
    // A listener that reads at every wake-up reads each commit as it comes, a fraction of a millisecond apart.
    const ours = reads.slice(readsBefore);
    const gaps = ours.slice(1).map((at, i) => at - ours[i]!);
    expect(ours.length).toBeGreaterThan(1);
    // The timers' clock may run up to a millisecond behind: 4 ms, not 5.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
  });

  it('reads at every wake-up while a listener needs every announcement at once, as the routing leader does', async () => {
    const prompt = { onChange: () => undefined, onResync: async () => undefined, prompt: true };
    await feed.attach(prompt);
    try {
      const { rows } = await env.db.query<{ id: string; version: number }>(`SELECT id, version FROM agents ORDER BY id LIMIT 1`);
      const agent = rows[0]!;
      const readsBefore = reads.length;
      const toggle = `BEGIN; UPDATE agents SET state = CASE WHEN state = 'break' THEN 'offline' ELSE 'break' END WHERE id = '${agent.id}'; COMMIT;`;
      await env.db.query(toggle.repeat(200));
      const last = agent.version + 200;
      await eventually(async () => (heard.some((change) => change.kind === 'agent' && change.id === agent.id && change.version === last) ? true : undefined), 'the last commit announced');
      const ours = reads.slice(readsBefore);
      const gaps = ours.slice(1).map((at, i) => at - ours[i]!);
      // Commits a fraction of a millisecond apart, each read as it comes.
      expect(Math.min(...gaps)).toBeLessThan(4);
    } finally {
      feed.detach(prompt);
    }
  });
});
