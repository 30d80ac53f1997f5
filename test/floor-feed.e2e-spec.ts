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
  const heard: { change: FloorChange; read: number }[] = [];
  let reads = 0;
  let inRead = false;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    feed = new FloorChangeFeed(env.config());
    await feed.attach({
      onChange: (change) => {
        // Announcements of one read reach the listener in one turn of the event loop.
        if (!inRead) {
          reads++;
          inRead = true;
          setImmediate(() => (inRead = false));
        }
        heard.push({ change, read: reads });
      },
      onResync: async () => undefined,
    });
  });
  afterAll(async () => {
    await feed.onApplicationShutdown();
    await env.close();
  });

  it('hears 200 commits in a row every one, in commit order, in far fewer reads than commits', async () => {
    const { rows } = await env.db.query<{ id: string; version: number }>(`SELECT id, version FROM agents ORDER BY id LIMIT 1`);
    const agent = rows[0]!;
    const commits = 200;
    const readsBefore = reads;
    for (let i = 0; i < commits; i++) await env.db.query(`UPDATE agents SET state = CASE WHEN state = 'break' THEN 'offline' ELSE 'break' END WHERE id = $1`, [agent.id]);
    const last = agent.version + commits;
    await eventually(async () => (heard.some(({ change }) => change.kind === 'agent' && change.id === agent.id && change.version === last) ? true : undefined), 'the last commit announced');

    const versions = heard.flatMap(({ change }) => (change.kind === 'agent' && change.id === agent.id ? [change.version] : []));
    expect(versions).toEqual(Array.from({ length: commits }, (_, i) => agent.version + 1 + i));
    // One read per commit is what a listener that reads at every wake-up does.
    expect(reads - readsBefore).toBeLessThan(commits / 2);
  });
});
