import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/api-client.js';
import { freePort, TestEnvironment, type ApiProcess, TELEPHONY_KEY } from './support/test-environment.js';
import { Sipp, VoiceEdgeProcess } from './support/voice-edge.js';

// The caller must not be lost when the api is down for a while (decision 0044): Kamailio holds
// the caller meanwhile, and apps/voice keeps trying what it has to report. A caller who rings while
// the api is away is queued when it is back; one who hangs up while it is away is not left waiting
// in First Contact's queue (where agents would be offered a call nobody is on).

const SECRET = 'test-voice-webhook-secret-0123456789';

describe('the voice edge while the api is down', () => {
  let env: TestEnvironment;
  let edge: VoiceEdgeProcess;
  let api: ApiProcess;
  let apiPort: number;

  beforeAll(async () => {
    const webhookPort = await freePort();
    env = await TestEnvironment.create({ TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/platform-events`, TELEPHONY_WEBHOOK_SECRET: SECRET, TELEPHONY_WEBHOOK_RETRY_BASE_MS: '50' });
    apiPort = await freePort();
    api = await env.spawnApi({}, { port: apiPort });
    await env.startWorker();
    edge = await VoiceEdgeProcess.start({ telephonyKey: TELEPHONY_KEY, apiUrl: `http://127.0.0.1:${apiPort}`, webhookPort, secret: SECRET });
    // Nobody answers: the caller waits in the queue until they give up.
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
  });
  afterAll(async () => {
    await edge?.stop();
    await env.close();
  });

  const stopApi = async () => {
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGKILL');
    await exited;
  };
  const callOf = async (externalId: string) => (await env.db.query<{ state: string }>('SELECT state FROM calls WHERE external_id = $1', [externalId])).rows[0]?.state;

  it('queues a caller who rang while the api was away, and reports their hang-up made while it was away again', async () => {
    await stopApi();
    const caller = Sipp.run('caller-abandon.xml', ['-s', '02800', '-inf', 'callers.csv', '-d', '8000', '-m', '1', '-timeout', '30s', '-timeout_error', edge.sipTarget], {
      'callers.csv': 'SEQUENTIAL\n4791234567;tips;nb\n',
    });
    const [externalId] = caller.callIds(1);
    // The edge has the caller (ringback) and no api to report to; it is back two seconds later.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await callOf(externalId!)).toBeUndefined();
    api = await env.spawnApi({}, { port: apiPort });
    await eventually(async () => ((await callOf(externalId!)) === 'queued' ? true : undefined), 'the caller queued once the api is back', 15_000);

    // Away again; the caller gives up at 8 s (CANCEL, 487) while nobody can be told.
    await stopApi();
    expect(await caller.done).toBe(0);
    expect(await callOf(externalId!)).toBe('queued');
    // An outage longer than a few retries.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    api = await env.spawnApi({}, { port: apiPort });
    await eventually(async () => ((await callOf(externalId!)) === 'abandoned' ? true : undefined), 'the hang-up reported once the api is back', 20_000);
  }, 90_000);
});
