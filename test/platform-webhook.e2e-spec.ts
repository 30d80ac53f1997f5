import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { PlatformEventType, QueueName, type PlatformEvent, JobName } from '@fc/contracts';
import { JobQueues, addJobInTransaction } from '@fc/jobs';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventually, type ApiClient } from './support/api-client.js';
import { TestEnvironment } from './support/test-environment.js';
import { WebhookReceiver, verifyPlatformSignature } from './support/webhook-receiver.js';

const SECRET = 'test-webhook-secret-0123456789-0123456789';
const AGENT_ID = '0b5f6c1e-7d2a-4e8f-9a3b-5c6d7e8f9a01';

interface TestCall {
  callId: string;
  externalId: string;
}

interface WrittenEvent {
  id: string;
  callId: string;
  seq: number;
  type: PlatformEventType;
}

const DATA: { [T in PlatformEventType]?: Record<string, unknown> } = {
  [PlatformEventType.Queued]: { topicKey: 'passport', position: 2, estimatedWaitSec: 30 },
  [PlatformEventType.Position]: { topicKey: 'passport', position: 1, estimatedWaitSec: 10 },
  [PlatformEventType.Ringing]: { agentId: AGENT_ID, endpoint: 'sip:1001@pbx.example', expiresAt: '2026-12-04T20:00:15.000Z' },
  [PlatformEventType.Connect]: { agentId: AGENT_ID, endpoint: 'sip:1001@pbx.example' },
  [PlatformEventType.Dial]: { agentId: AGENT_ID, endpoint: 'sip:1001@pbx.example' },
  [PlatformEventType.Release]: {},
};

/** The world both describes share: a database, an api that takes calls, and a way to write events as the journey does. */
class PlatformWorld {
  private sequence = 0;

  constructor(
    readonly env: TestEnvironment,
    readonly api: ApiClient,
    private readonly dataSource: DataSource,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<PlatformWorld> {
    const env = await TestEnvironment.create(overrides);
    const { app, api } = await env.startApi();
    return new PlatformWorld(env, api, app.get(DataSource));
  }

  async call(callerNumber?: string): Promise<TestCall> {
    const externalId = `platform-${Date.now()}-${++this.sequence}`;
    const created = await this.api.telephony('/calls', { externalId, topicKey: 'passport', language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(created.status).toBe(201);
    return { callId: created.body.callId, externalId };
  }

  /**
   * Writes `events` in one transaction as the journey does: under the call's row lock, each the
   * call's next `seq`, its delivery queued in the same transaction.
   */
  async commit(events: readonly [TestCall, PlatformEventType][]): Promise<WrittenEvent[]> {
    return this.dataSource.transaction(async (manager) => {
      const written: WrittenEvent[] = [];
      for (const [call, type] of events) {
        await manager.query('SELECT 1 FROM calls WHERE id = $1 FOR UPDATE', [call.callId]);
        const [row] = (await manager.query(
          `INSERT INTO platform_events (call_id, external_id, seq, type, at, data)
           SELECT $1, $2, COALESCE(max(seq), 0) + 1, $3, now(), $4 FROM platform_events WHERE call_id = $1
           RETURNING id, seq`,
          [call.callId, call.externalId, type, JSON.stringify(DATA[type])],
        )) as { id: string; seq: number }[];
        await addJobInTransaction(manager, JobName.DeliverPlatformEvent, { callId: call.callId, seq: row!.seq });
        written.push({ id: row!.id, callId: call.callId, seq: row!.seq, type });
      }
      return written;
    });
  }

  /** How many of `events` are marked delivered. */
  async deliveredCount(events: readonly WrittenEvent[]): Promise<number> {
    const { rows } = await this.env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_events WHERE id = ANY($1::uuid[]) AND delivered_at IS NOT NULL', [events.map((e) => e.id)]);
    return rows[0]!.n;
  }

  async delivered(events: readonly WrittenEvent[], timeoutMs = 15_000): Promise<void> {
    await eventually(async () => ((await this.deliveredCount(events)) === events.length ? true : undefined), `${events.length} events delivered`, timeoutMs);
  }
}

describe('platform events: signed webhooks, in order per call, at least once', () => {
  let world: PlatformWorld;
  let receiver: WebhookReceiver;

  /** The events of `events`' calls the receiver took, each once, in the order it took them. */
  const takenOf = (events: readonly WrittenEvent[]): PlatformEvent[] => {
    const ids = new Set(events.map((e) => e.id));
    return receiver.accepted().filter((e) => ids.has(e.id));
  };
  const typesTakenFor = (call: TestCall, events: readonly WrittenEvent[]) =>
    takenOf(events)
      .filter((e) => e.callId === call.callId)
      .map((e) => e.type);

  /** No request for an event went out before every earlier event of its call had been taken. */
  const expectNoRequestAheadOfItsCall = () => expect(receiver.requestsAheadOfTheirCall()).toEqual([]);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    world = await PlatformWorld.create({ TELEPHONY_WEBHOOK_URL: receiver.url, TELEPHONY_WEBHOOK_SECRET: SECRET, TELEPHONY_WEBHOOK_RETRY_BASE_MS: '50' });
    // Two workers, as production may run: they take one call's jobs side by side.
    await world.env.startWorker();
    await world.env.startWorker();
  });
  afterEach(() => {
    receiver.answer = () => 204;
    receiver.answerAfterMs = 0;
  });
  afterAll(async () => {
    await world.env.close();
    await receiver.close();
  });

  it("delivers every event signed, in seq order per call, with the dial's number read at send time", async () => {
    const a = await world.call('+47 912 34 567');
    const b = await world.call();
    const events = await world.commit([
      [a, PlatformEventType.Queued],
      [b, PlatformEventType.Queued],
      [a, PlatformEventType.Ringing],
      [a, PlatformEventType.Dial],
      [b, PlatformEventType.Ringing],
      [b, PlatformEventType.Connect],
      [b, PlatformEventType.Release],
    ]);
    await world.delivered(events);

    expect(typesTakenFor(a, events)).toEqual(['call.queued', 'call.ringing', 'call.dial']);
    expect(typesTakenFor(b, events)).toEqual(['call.queued', 'call.ringing', 'call.connect', 'call.release']);
    expect(takenOf(events)).toHaveLength(7);
    for (const request of receiver.requests) expect(verifyPlatformSignature(SECRET, request.rawBody, request.signature)).toBe(true);

    const dial = takenOf(events).find((e) => e.type === PlatformEventType.Dial)!;
    const written = events.find((e) => e.type === PlatformEventType.Dial)!;
    expect(dial).toEqual({
      id: written.id,
      callId: a.callId,
      externalId: a.externalId,
      seq: written.seq,
      type: 'call.dial',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { agentId: AGENT_ID, endpoint: 'sip:1001@pbx.example', number: '+4791234567' },
    });
    // The number is in the request and nowhere at rest.
    const { rows } = await world.env.db.query<{ data: unknown }>('SELECT data FROM platform_events WHERE id = $1', [written.id]);
    expect(rows[0]!.data).toEqual({ agentId: AGENT_ID, endpoint: 'sip:1001@pbx.example' });
    expectNoRequestAheadOfItsCall();
  });

  it('retries a receiver that refuses for a while: every event arrives, once after de-duplication, in seq order per call', async () => {
    let refusals = 0;
    receiver.answer = () => (++refusals, 500);
    const calls = [await world.call(), await world.call(), await world.call()];
    const events = await world.commit(calls.flatMap((call) => [[call, PlatformEventType.Queued] as const, [call, PlatformEventType.Ringing] as const, [call, PlatformEventType.Connect] as const]));
    await eventually(async () => (refusals >= 9 ? true : undefined), 'nine refused deliveries');
    expect(await world.deliveredCount(events)).toBe(0);

    receiver.answer = () => 204;
    await world.delivered(events);
    for (const call of calls) expect(typesTakenFor(call, events)).toEqual(['call.queued', 'call.ringing', 'call.connect']);
    expect(takenOf(events)).toHaveLength(9);
    expectNoRequestAheadOfItsCall();
  });

  it("holds a call's later events behind a refused one, and not other calls' events", async () => {
    const held = await world.call();
    const other = await world.call();
    let refuse = true;
    receiver.answer = (event) => (refuse && event.callId === held.callId && event.type === PlatformEventType.Ringing ? 500 : 204);
    const events = await world.commit([
      [held, PlatformEventType.Ringing],
      [held, PlatformEventType.Connect],
      [other, PlatformEventType.Ringing],
      [other, PlatformEventType.Connect],
    ]);
    const [heldRinging, heldConnect, ...others] = events;

    await world.delivered(others);
    await eventually(async () => (receiver.requests.filter((r) => r.event.id === heldRinging!.id).length >= 2 ? true : undefined), 'the held call’s ringing refused twice');
    expect(receiver.requests.filter((r) => r.event.id === heldConnect!.id)).toEqual([]);
    expect(await world.deliveredCount([heldRinging!, heldConnect!])).toBe(0);

    refuse = false;
    await world.delivered(events);
    expect(typesTakenFor(held, events)).toEqual(['call.ringing', 'call.connect']);
    expect(typesTakenFor(other, events)).toEqual(['call.ringing', 'call.connect']);
    expectNoRequestAheadOfItsCall();
  });

  it("never sends one call's events side by side, though two workers run its jobs at once", async () => {
    receiver.answerAfterMs = 40;
    const overlapsBefore = receiver.overlaps;
    const calls = [await world.call(), await world.call()];
    const events = await world.commit(
      calls.flatMap((call) => [
        [call, PlatformEventType.Queued] as const,
        [call, PlatformEventType.Position] as const,
        [call, PlatformEventType.Ringing] as const,
        [call, PlatformEventType.Connect] as const,
        [call, PlatformEventType.Release] as const,
      ]),
    );
    await world.delivered(events);
    expect(receiver.overlaps - overlapsBefore).toBe(0);
    for (const call of calls) expect(typesTakenFor(call, events)).toEqual(['call.queued', 'call.position', 'call.ringing', 'call.connect', 'call.release']);
    expectNoRequestAheadOfItsCall();
  });

  it('delivers events committed while no worker runs once one starts, and again what a killed worker was sending', async () => {
    for (const running of world.env.workers.splice(0)) await running.close();
    const call = await world.call();
    const events = await world.commit([
      [call, PlatformEventType.Ringing],
      [call, PlatformEventType.Connect],
    ]);
    expect(await world.deliveredCount(events)).toBe(0);
    expect(takenOf(events)).toEqual([]);

    // A worker process sends the call's first event and is killed while the receiver has not answered.
    receiver.answer = () => 'hang';
    const killed = await world.env.spawnWorker();
    await eventually(async () => (receiver.requests.some((r) => r.event.callId === call.callId) ? true : undefined), 'the call’s first event sent by the worker process');
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    expect(await world.deliveredCount(events)).toBe(0);

    receiver.answer = () => 204;
    await world.env.startWorker();
    await world.delivered(events);
    expect(typesTakenFor(call, events)).toEqual(['call.ringing', 'call.connect']);
    expectNoRequestAheadOfItsCall();
  });
});

describe('platform events without a webhook', () => {
  let world: PlatformWorld;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    world = await PlatformWorld.create();
    worker = await world.env.startWorker();
  });
  afterAll(() => world.env.close());

  it('sends nothing, leaves the events undelivered for the replay feed, and ends each delivery job at once', async () => {
    const call = await world.call();
    const events = await world.commit([
      [call, PlatformEventType.Queued],
      [call, PlatformEventType.Ringing],
      [call, PlatformEventType.Release],
    ]);
    await world.env.outboxDrained();
    expect(await world.deliveredCount(events)).toBe(0);
    const queue = worker.get(JobQueues).of(QueueName.PlatformEvents);
    const states = await Promise.all(events.map(async (e) => (await queue.getJob(`${e.callId}-platform-event-${e.seq}`))?.getState()));
    expect(states).toEqual(['completed', 'completed', 'completed']);
    expect(await queue.getJobCounts('failed', 'delayed')).toEqual({ failed: 0, delayed: 0 });
  });
});
