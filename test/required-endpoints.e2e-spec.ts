import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PlatformEventPage } from '@fc/contracts';
import { JourneyWriter, RoutingActions } from '@fc/journey';
import type { INestApplication } from '@nestjs/common';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, liveFloorCaughtUp, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { TELEPHONY_KEY, TestEnvironment } from './support/test-environment.js';

/**
 * DESIGN §11: "an offer to an agent without an endpoint is not made while the platform requires
 * endpoints" (TELEPHONY_REQUIRE_ENDPOINTS). Agents able to take passport calls, some with an
 * endpoint and some without; each half of the file runs an api with the setting on or off.
 */
class Floor {
  env!: TestEnvironment;
  api!: ApiClient;
  app!: INestApplication;
  private sequence = 0;

  /** A database of its own and an api with `settings`; passport calls go to whoever is available, with no escalation. */
  constructor(settings: Record<string, string>) {
    beforeAll(async () => {
      this.env = await TestEnvironment.create(settings);
      ({ api: this.api, app: this.app } = await this.env.startApi());
      await this.env.db.query(`UPDATE topics SET escalation_steps = '[]', min_proficiency = 1 WHERE key = 'passport'`);
      await this.env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
      await liveFloorCaughtUp(this.app, this.env);
    });
    afterAll(() => this.env.close());
  }

  async arrive(): Promise<string> {
    const body = { externalId: `endpoints-${++this.sequence}`, callerNumber: '+4791234567', topicKey: 'passport', language: 'nb' };
    return (await this.api.telephony('/calls', body)).body.callId as string;
  }

  async stateOf(callId: string): Promise<string> {
    return (await this.env.db.query<{ state: string }>('SELECT state FROM calls WHERE id = $1', [callId])).rows[0]!.state;
  }

  async offerOf(agent: SignedInAgent) {
    return (await this.api.me(agent.token)).body.offer;
  }

  waitForOffer(agent: SignedInAgent, callId: string) {
    return waitForOffer(this.api, agent, callId);
  }

  /** The data of the call's `call.ringing` events, from the replay feed. */
  ringingOf(callId: string) {
    return this.eventData(callId, 'call.ringing');
  }

  /** The data of the call's `call.queued` event, from the replay feed. */
  queuedOf(callId: string) {
    return this.eventData(callId, 'call.queued');
  }

  private async eventData(callId: string, type: string) {
    const { body } = await this.api.request<PlatformEventPage>('GET', '/api/telephony/events?limit=1000', undefined, { apiKey: TELEPHONY_KEY });
    return body.events.filter((e) => e.callId === callId && e.type === type).map((e) => e.data);
  }

  /** Signs in the `index`-th agent able to take passport calls, with `endpoint`, and makes them available. */
  async available(index: number, endpoint: string | null): Promise<SignedInAgent> {
    const agent = await signIn(this.api, (await agentsFor(this.env, 'passport', 1))[index]!);
    await this.env.db.query('UPDATE agents SET endpoint = $2 WHERE id = $1', [agent.agentId, endpoint]);
    expect((await this.api.setState(agent.token, 'available')).status).toBe(200);
    await liveFloorCaughtUp(this.app, this.env);
    return agent;
  }
}

describe('offers while the platform requires endpoints (TELEPHONY_REQUIRE_ENDPOINTS=true)', () => {
  const f = new Floor({ TELEPHONY_REQUIRE_ENDPOINTS: 'true' });
  let withoutEndpoint: SignedInAgent;

  it('gives an available, competent agent without an endpoint no offer; one with an endpoint gets it', async () => {
    withoutEndpoint = await f.available(0, null);
    const callId = await f.arrive();
    // A round that saw the call waiting has passed it by: nobody the platform could ring is there.
    await f.env.routingRoundSawCall(callId);
    expect(await f.stateOf(callId)).toBe('queued');
    expect(await f.offerOf(withoutEndpoint)).toBeNull();
    expect((await f.env.db.query(`SELECT state FROM agents WHERE id = $1`, [withoutEndpoint.agentId])).rows).toEqual([{ state: 'available' }]);
    // Nor does the caller hear a wait of 0 on their account: nobody who could take the call is logged in.
    expect(await f.queuedOf(callId)).toEqual([{ topicKey: 'passport', position: 1, estimatedWaitSec: null }]);

    const withEndpoint = await f.available(1, 'sip:ringable@pbx.example');
    await f.waitForOffer(withEndpoint, callId);
    expect(await f.ringingOf(callId)).toEqual([expect.objectContaining({ agentId: withEndpoint.agentId, endpoint: 'sip:ringable@pbx.example' })]);
    expect(await f.offerOf(withoutEndpoint)).toBeNull();
  });

  it('makes no offer to an agent whose endpoint is gone by the time the offer is written (checked under the row lock)', async () => {
    const callId = await f.arrive();
    await f.env.routingRoundSawCall(callId);
    // As if a round had paired them before an administrator cleared the endpoint.
    const expiresAt = new Date(Date.now() + 60_000);
    const result = await f.app.get(JourneyWriter).run((tx) => f.app.get(RoutingActions).offerManyWithin(tx, [{ callId, agentId: withoutEndpoint.agentId }], expiresAt));
    expect(result).toEqual({ offered: [], failed: [], agentsNotFree: [withoutEndpoint.agentId] });
    expect(await f.stateOf(callId)).toBe('queued');
    expect(await f.ringingOf(callId)).toEqual([]);
  });
});

describe('offers while the platform does not require endpoints (the default)', () => {
  const f = new Floor({});

  it('offers calls to agents with and without an endpoint alike', async () => {
    const withoutEndpoint = await f.available(0, null);
    const first = await f.arrive();
    await f.waitForOffer(withoutEndpoint, first);
    expect(await f.queuedOf(first)).toEqual([{ topicKey: 'passport', position: 1, estimatedWaitSec: 0 }]);
    expect(await f.ringingOf(first)).toEqual([expect.objectContaining({ agentId: withoutEndpoint.agentId, endpoint: null })]);

    const withEndpoint = await f.available(1, 'sip:ringable@pbx.example');
    const second = await f.arrive();
    await f.waitForOffer(withEndpoint, second);
    expect(await f.ringingOf(second)).toEqual([expect.objectContaining({ agentId: withEndpoint.agentId, endpoint: 'sip:ringable@pbx.example' })]);
  });
});
