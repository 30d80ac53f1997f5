import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, workCall } from './support/agents.js';
import { checkJourneyInvariants } from './support/journey-invariants.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * State that must survive a crash is in PostgreSQL: an api process killed with SIGKILL in the
 * middle of an offer loses no call, and a fresh process takes over where it stopped.
 */
describe('an api process killed mid-offer', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '3', ROUTING_TICK_MS: '250' });
  });
  afterAll(() => env.close());

  it('loses no call: the offer expires under the new process and every call completes', async () => {
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    const [first, second] = await agentsFor(env, 'passport', 3);
    const old = await env.spawnApi();
    const agentA = await signIn(old.api, first!);
    await old.api.setState(agentA.token, 'available');
    const offered = (await old.api.telephony('/calls', { externalId: 'crash-1', callerNumber: '+4791111111', topicKey: 'passport', language: 'nb' })).body.callId;
    await waitForOffer(old.api, agentA, offered);
    const waiting = (await old.api.telephony('/calls', { externalId: 'crash-2', callerNumber: '+4792222222', topicKey: 'passport', language: 'nb' })).body.callId;

    old.child.kill('SIGKILL');
    await new Promise((resolve) => old.child.once('exit', resolve));

    const fresh = await env.spawnApi();
    // Tokens outlive the process: they are verified with the shared secret, not a session.
    expect((await fresh.api.me(agentA.token)).body.offer?.callId).toBe(offered);
    // Agent A's console died with the process; the offer runs out and the call goes back in line.
    await eventually(
      async () => {
        const { body } = await fresh.api.me(agentA.token);
        return body.state === 'break' && body.stateReason === 'missed' ? true : undefined;
      },
      'offer expiry after the crash',
      10_000,
    );

    const agentB = await signIn(fresh.api, second!);
    await fresh.api.setState(agentB.token, 'available');
    for (const expected of [offered, waiting]) {
      // FIFO survives the crash: the call that queued first is offered first.
      const callId = await eventually(async () => (await fresh.api.me(agentB.token)).body.offer?.callId, `offer of ${expected}`);
      expect(callId).toBe(expected);
      await workCall(fresh.api, agentB, callId);
    }

    const report = await checkJourneyInvariants(env.db);
    expect(report.calls).toBe(2);
    expect(report.badTerminals).toEqual([]);
    expect(report.doubleOffers).toEqual([]);
    expect(report.overlappingHolds).toEqual([]);
    const { rows } = await env.db.query(`SELECT state, outcome FROM calls ORDER BY external_id`);
    expect(rows).toEqual([
      { state: 'completed', outcome: 'resolved' },
      { state: 'completed', outcome: 'resolved' },
    ]);
  });
});
