import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@fc/config';
import { FollowUpCause, JobName, type FloorAlert, type FollowUpAssigneeView, type FollowUpList, type FollowUpReminderEvent, type FollowUpView } from '@fc/contracts';
import { FollowUpCreator, FollowUpSweeper } from '@fc/follow-up';
import { recordFollowUpCause } from '@fc/jobs';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { openSocket, type AgentSocket, type SupervisorSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

interface FollowUpRow {
  id: string;
  kind: string;
  cause: string;
  status: string;
  due_at: Date;
  owner_user_id: string | null;
}

describe('follow-ups: every call that went wrong leads to tracked work, once', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let worker: INestApplicationContext;
  let supervisor: string;
  let agent: SignedInAgent;
  let colleague: SignedInAgent;
  let sequence = 0;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', LONG_ABANDON_SEC: '60', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    worker = await env.startWorker({}, clock);
    supervisor = (await api.login('super01')).accessToken;
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const [first, second] = await agentsFor(env, 'passport');
    agent = await signIn(api, first!);
    colleague = await signIn(api, second!);
  });
  afterAll(() => env.close());

  const arrive = async (topicKey: string, callerNumber?: string) => {
    const response = await api.telephony('/calls', { externalId: `f-${Date.now()}-${++sequence}`, topicKey, language: 'nb', ...(callerNumber ? { callerNumber } : {}) });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  /** `agent` answers a passport call from `callerNumber`, passes it `transfers` times between them and `colleague`, and the last holder records `outcome`. */
  const handled = async (outcome: string, callerNumber?: string, transfers = 0) => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const callId = await arrive('passport', callerNumber);
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
    let [holder, other] = [agent, colleague];
    for (let i = 0; i < transfers; i++) {
      if (i === 0) expect((await api.setState(colleague.token, 'available')).status).toBe(200);
      expect((await api.callAction(holder.token, callId, 'transfer', { agentId: other.agentId, reason: 'wrong desk' })).status).toBe(200);
      [holder, other] = [other, holder];
    }
    expect((await api.callAction(holder.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(holder.token, callId, 'outcome', { outcome, expectationAligned: true })).status).toBe(200);
    for (const who of [agent, colleague]) await api.setState(who.token, 'offline');
    return callId;
  };
  const followUpsOf = async (callId: string) => {
    await env.outboxDrained();
    const { rows } = await env.db.query<FollowUpRow>('SELECT id, kind, cause, status, due_at, owner_user_id FROM follow_ups WHERE call_id = $1 ORDER BY kind', [callId]);
    return rows;
  };
  const createdEvents = async (callId: string) =>
    (await env.db.query<{ data: { kind: string; cause: string } }>(`SELECT data FROM call_events WHERE call_id = $1 AND type = 'follow_up_created' ORDER BY seq`, [callId])).rows.map(
      (r) => `${r.data.kind}:${r.data.cause}`,
    );
  const reviewCauses = async (callId: string) => (await env.db.query<{ causes: string[] }>('SELECT causes FROM reviews WHERE call_id = $1', [callId])).rows.map((r) => r.causes);
  const userIdOf = async (username: string) => (await env.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;

  it('calls back a caller with a known number who hung up after a long wait, and nobody without one', async () => {
    const known = await arrive('firearms', '+4791234501');
    const withheld = await arrive('firearms');
    const short = await arrive('firearms', '+4791234502');
    // Waited 10 minutes (the threshold is 60 s), without sleeping: move the queue time back.
    await env.db.query(`UPDATE calls SET queued_at = queued_at - interval '10 minutes' WHERE id = ANY($1)`, [[known, withheld]]);
    for (const callId of [known, withheld, short]) expect((await api.telephony(`/calls/${callId}/hangup`)).status).toBe(200);

    const [callback] = await followUpsOf(known);
    expect(await followUpsOf(known)).toHaveLength(1);
    // Nobody promised it, so it is a call now (DESIGN §11): queued for the topic, the follow-up in progress.
    expect(callback).toMatchObject({ kind: 'callback', cause: 'long_abandon', status: 'in_progress', owner_user_id: null });
    const { rows } = await env.db.query<{ ended_at: Date; callback_target_min: number }>('SELECT c.ended_at, t.callback_target_min FROM calls c JOIN topics t ON t.id = c.topic_id WHERE c.id = $1', [
      known,
    ]);
    // Due within the topic's callback target, counted from the hang-up.
    expect(callback!.due_at.getTime() - rows[0]!.ended_at.getTime()).toBe(rows[0]!.callback_target_min * 60_000);
    expect(await createdEvents(known)).toEqual(['callback:long_abandon']);
    expect(await followUpsOf(withheld)).toEqual([]);
    expect(await followUpsOf(short)).toEqual([]);
    const { rows: calls } = await env.db.query<{ id: string; state: string }>(
      `SELECT c.id, c.state FROM calls c JOIN follow_ups f ON f.callback_call_id = c.id WHERE f.id = $1 AND c.callback_of_call_id = $2 AND c.direction = 'callback'`,
      [callback!.id, known],
    );
    expect(calls.map((c) => c.state)).toEqual(['queued']);

    // The caller rang back on their own: the supervisor cancels the callback, and its call, not yet made, is taken back with it.
    const cancelled = await api.request('PATCH', `/api/follow-ups/${callback!.id}`, { status: 'cancelled', result: 'caller rang back themselves' }, { token: supervisor });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', callback: { callId: calls[0]!.id, state: 'withdrawn' } });
    const { rows: journey } = await env.db.query<{ type: string }>('SELECT type FROM call_events WHERE call_id = $1 ORDER BY seq', [calls[0]!.id]);
    // Routing may have escalated it while it waited; it ends withdrawn, never offered.
    expect(journey.map((e) => e.type).filter((type) => type !== 'escalated')).toEqual(['arrived', 'queued', 'callback_withdrawn']);
  });

  it('hands a follow-up outcome to the agent who promised it, and calls back or hands over an unresolved need', async () => {
    const handover = await handled('follow_up', '+4791234503');
    const unresolvedKnown = await handled('unresolved', '+4791234504');
    const unresolvedWithheld = await handled('unresolved');
    const agentUser = await userIdOf(agent.username);

    expect((await followUpsOf(handover)).map((f) => [f.kind, f.cause, f.owner_user_id])).toEqual([['case_handover', 'outcome_follow_up', agentUser]]);
    expect((await followUpsOf(unresolvedKnown)).map((f) => [f.kind, f.cause, f.owner_user_id])).toEqual([
      ['callback', 'outcome_unresolved', agentUser],
      ['quality_review', 'outcome_unresolved', null],
    ]);
    expect((await followUpsOf(unresolvedWithheld)).map((f) => f.kind)).toEqual(['case_handover', 'quality_review']);
    expect(await reviewCauses(unresolvedKnown)).toEqual([['outcome_unresolved']]);
    expect((await createdEvents(unresolvedKnown)).sort()).toEqual(['callback:outcome_unresolved', 'quality_review:outcome_unresolved']);
  });

  it('gives the agent a to-do for a wrap-up that timed out, done when they record what happened afterwards', async () => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const callId = await arrive('passport', '+4791234560');
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
    const centre = async () => {
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const { body } = await api.request('GET', `/api/metrics?from=${from}&to=${to}&groupBy=interval&interval=1d`, undefined, { token: supervisor });
      return body.rows.reduce(
        (sum: { notRecorded: number; resolved: number }, row: { figures: { notRecorded: number; fcr: { numerator: number } } }) => ({
          notRecorded: sum.notRecorded + row.figures.notRecorded,
          resolved: sum.resolved + row.figures.fcr.numerator,
        }),
        { notRecorded: 0, resolved: 0 },
      );
    };
    // The wrap-up runs out of time: the call completes as not_recorded and the agent is free.
    await env.db.query(`UPDATE calls SET ended_at = now() - interval '1 hour' WHERE id = $1`, [callId]);
    const timedOut = await eventually(
      async () => {
        const { body } = await api.getCall(supervisor, callId);
        return body.state === 'completed' ? body : undefined;
      },
      'the wrap-up timeout',
      10_000,
    );
    expect(timedOut.outcome).toBe('not_recorded');
    const before = await centre();

    // A to-do for the agent who handled it, in their own list.
    const [todo] = await followUpsOf(callId);
    expect(todo).toMatchObject({ kind: 'record_outcome', cause: 'outcome_not_recorded', status: 'open', owner_user_id: await userIdOf(agent.username) });
    const mine = (await api.request<FollowUpList>('GET', '/api/follow-ups?mine=true&status=open', undefined, { token: agent.token })).body;
    expect(mine.items.find((f) => f.callId === callId)).toMatchObject({ kind: 'record_outcome', topicKey: 'passport' });
    // It is done by recording the outcome, not by ticking it off.
    expect((await api.request('PATCH', `/api/follow-ups/${todo!.id}`, { status: 'done', result: 'ok' }, { token: agent.token })).status).toBe(409);
    // Only the agent who handled the call records it.
    expect((await api.callAction(colleague.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(404);

    const late = await api.callAction(agent.token, callId, 'outcome', { outcome: 'unresolved', expectationAligned: true, note: 'no patrol free' });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ state: 'completed', outcome: 'unresolved', completedAt: timedOut.completedAt });
    expect((await api.callAction(agent.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(409);
    const { body: after } = await api.getCall(supervisor, callId);
    expect(after.events!.filter((e) => e.type === 'outcome_recorded').map((e) => e.data)).toEqual([
      expect.objectContaining({ outcome: 'not_recorded' }),
      expect.objectContaining({ outcome: 'unresolved', late: true }),
    ]);
    expect((await api.me(agent.token)).body.state).toBe('available');
    // The to-do is done, and the outcome asks for what an unresolved need always does.
    const rows = await followUpsOf(callId);
    expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual(['callback:open', 'quality_review:open', 'record_outcome:done']);
    // The figures move from not_recorded to the outcome.
    expect(await centre()).toEqual({ notRecorded: before.notRecorded - 1, resolved: before.resolved });
    await api.setState(agent.token, 'offline');
  });

  it('reviews a complaint and invites to a leader conversation; a resolved call gets nothing', async () => {
    const complaint = await handled('complaint', '+4791234505');
    const resolved = await handled('resolved', '+4791234506');
    expect((await followUpsOf(complaint)).map((f) => `${f.kind}:${f.cause}`)).toEqual(['leader_conversation:complaint', 'quality_review:complaint']);
    expect(await reviewCauses(complaint)).toEqual([['complaint']]);
    expect(await followUpsOf(resolved)).toEqual([]);
  });

  it('reviews a runaround once however many transfers follow', async () => {
    const runaround = await handled('resolved', '+4791234507', 3);
    expect((await followUpsOf(runaround)).map((f) => `${f.kind}:${f.cause}`)).toEqual(['quality_review:runaround']);
    expect(await reviewCauses(runaround)).toEqual([['runaround']]);
    expect(await createdEvents(runaround)).toEqual(['quality_review:runaround']);
  });

  it('adds a later repeat contact to the review the call already has, without a second follow-up', async () => {
    const complaint = await handled('complaint', '+4791234514');
    await env.outboxDrained();
    expect(await reviewCauses(complaint)).toEqual([['complaint']]);
    // The same caller comes back about the same topic: the earlier call was not resolved after all.
    const repeat = await arrive('passport', '+4791234514');
    expect((await followUpsOf(complaint)).map((f) => `${f.kind}:${f.cause}`)).toEqual(['leader_conversation:complaint', 'quality_review:complaint']);
    expect(await reviewCauses(complaint)).toEqual([['complaint', 'repeat_contact']]);
    expect((await createdEvents(complaint)).sort()).toEqual(['leader_conversation:complaint', 'quality_review:complaint']);
    expect((await api.telephony(`/calls/${repeat}/hangup`)).status).toBe(200);
  });

  it('samples well-handled calls for review at the configured rate', async () => {
    const sampling = await env.startApi({ QUALITY_SAMPLE_RATE: '1' });
    expect((await sampling.api.setState(colleague.token, 'available')).status).toBe(200);
    const callId = (await sampling.api.telephony('/calls', { externalId: `f-sample-${++sequence}`, topicKey: 'passport', language: 'nb' })).body.callId;
    await waitForOffer(api, colleague, callId);
    for (const action of ['accept', 'end']) expect((await sampling.api.callAction(colleague.token, callId, action)).status).toBe(200);
    expect((await sampling.api.callAction(colleague.token, callId, 'outcome', { outcome: 'resolved', expectationAligned: true })).status).toBe(200);
    await api.setState(colleague.token, 'offline');
    expect((await followUpsOf(callId)).map((f) => `${f.kind}:${f.cause}`)).toEqual(['quality_review:random_sample']);
  });

  it('creates each follow-up once when the same cause is reported twice or its job runs twice', async () => {
    const callId = await handled('follow_up', '+4791234508');
    await env.outboxDrained();
    const dataSource = worker.get(DataSource);
    const at = new Date();
    // The same cause again, twice: the outbox already has its job.
    for (let i = 0; i < 2; i++) await dataSource.transaction((manager) => recordFollowUpCause(manager, callId, FollowUpCause.OutcomeFollowUp, at));
    const { rows: outbox } = await env.db.query<{ job_id: string; payload: never }>(`SELECT job_id, payload FROM job_outbox WHERE payload->>'callId' = $1 AND name = $2`, [
      callId,
      JobName.CreateFollowUp,
    ]);
    expect(outbox.map((r) => r.job_id)).toEqual([`${callId}-case_handover-outcome_follow_up`]);
    // The job itself run twice more, side by side: still one follow-up and one journey event.
    const creator = worker.get(FollowUpCreator);
    const again = await Promise.all([creator.create(outbox[0]!.payload, outbox[0]!.job_id), creator.create(outbox[0]!.payload, outbox[0]!.job_id)]);
    expect(again).toEqual([null, null]);
    expect((await followUpsOf(callId)).map((f) => f.kind)).toEqual(['case_handover']);
    expect(await createdEvents(callId)).toEqual(['case_handover:outcome_follow_up']);
  });

  it('reminds before due and escalates when overdue, once each, by the clock it is given', async () => {
    const supervisorSocket: SupervisorSocket = openSocket(api.baseUrl, '/supervisor', supervisor);
    const agentSocket: AgentSocket = openSocket(api.baseUrl, '/agent', agent.token);
    const alerts: FloorAlert[] = [];
    const reminders: FollowUpReminderEvent[] = [];
    supervisorSocket.on('alert', (alert) => alerts.push(alert));
    agentSocket.on('follow_up.reminder', (reminder) => reminders.push(reminder));
    await Promise.all([new Promise((resolve) => supervisorSocket.once('snapshot', resolve)), new Promise((resolve) => agentSocket.once('state', resolve))]);
    const sweeper = worker.get(FollowUpSweeper);
    // Everything earlier is done with; only this test's follow-ups are open.
    await env.db.query(`UPDATE follow_ups SET status = 'done', result = 'earlier test', done_at = now()`);

    const abandoned = await arrive('firearms', '+4791234509');
    await env.db.query(`UPDATE calls SET queued_at = queued_at - interval '10 minutes' WHERE id = $1`, [abandoned]);
    await api.telephony(`/calls/${abandoned}/hangup`);
    const owned = await handled('follow_up', '+4791234510');
    const [callback] = await followUpsOf(abandoned);
    const [handover] = await followUpsOf(owned);

    clock.set(new Date(callback!.due_at.getTime() - 61 * 60_000));
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    clock.set(new Date(callback!.due_at.getTime() - 30 * 60_000));
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 1, escalated: 0 });
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    await eventually(async () => (alerts.some((a) => a.kind === 'follow_up_due_soon') ? true : undefined), 'the due-soon alert');
    expect(alerts.find((a) => a.kind === 'follow_up_due_soon')).toMatchObject({
      id: `follow_up_due_soon:${callback!.id}`,
      followUpId: callback!.id,
      followUpKind: 'callback',
      callId: abandoned,
      topicKey: 'firearms',
    });

    clock.set(new Date(callback!.due_at.getTime() + 60_000));
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 1 });
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    await eventually(async () => (alerts.some((a) => a.kind === 'follow_up_overdue') ? true : undefined), 'the overdue alert');
    expect(alerts.filter((a) => a.kind === 'follow_up_overdue').map((a) => a.followUpId)).toEqual([callback!.id]);
    const { rows } = await env.db.query<{ escalated_at: Date }>('SELECT escalated_at FROM follow_ups WHERE id = $1', [callback!.id]);
    expect(rows[0]!.escalated_at.toISOString()).toBe(clock.now().toISOString());

    // The agent's own handover: the reminder goes to the agent, not to supervisors.
    clock.set(new Date(handover!.due_at.getTime() - 5 * 60_000));
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 1, escalated: 0 });
    await eventually(async () => (reminders.length ? true : undefined), "the agent's reminder");
    expect(reminders).toEqual([{ followUpId: handover!.id, kind: 'case_handover', callId: owned, dueAt: handover!.due_at.toISOString() }]);
    expect(alerts.filter((a) => a.followUpId === handover!.id)).toEqual([]);
    supervisorSocket.disconnect();
    agentSocket.disconnect();
  });

  it('lists overdue follow-ups first for supervisors, and only their own for an agent', async () => {
    await env.db.query(`UPDATE follow_ups SET status = 'done', result = 'earlier test', done_at = now()`);
    const late = await handled('follow_up', '+4791234511');
    const soon = await handled('follow_up', '+4791234512');
    const [lateFollowUp] = await followUpsOf(late);
    const [soonFollowUp] = await followUpsOf(soon);
    await env.db.query(`UPDATE follow_ups SET status = 'open', due_at = now() - interval '1 hour' WHERE id = $1`, [lateFollowUp!.id]);
    const other = await handled('complaint');

    const list = await api.request<FollowUpList>('GET', '/api/follow-ups?limit=3', undefined, { token: supervisor });
    expect(list.status).toBe(200);
    expect(list.body.items.map((f) => f.id).slice(0, 2)).toEqual([lateFollowUp!.id, soonFollowUp!.id]);
    expect(list.body.items[0]).toMatchObject({ timing: 'overdue', topicKey: 'passport', ownerUsername: agent.username, kind: 'case_handover' });
    expect(list.body.overdue).toBe(1);

    const overdueOnly = await api.request<FollowUpList>('GET', '/api/follow-ups?overdue=true', undefined, { token: supervisor });
    expect(overdueOnly.body.items.map((f) => f.id)).toEqual([lateFollowUp!.id]);
    const mine = await api.request<FollowUpList>('GET', '/api/follow-ups?status=open', undefined, { token: agent.token });
    expect(mine.body.items.map((f) => f.callId).sort()).toEqual([late, soon].sort());
    const otherIds = (await followUpsOf(other)).map((f) => f.id);
    expect((await api.request('GET', `/api/follow-ups/${otherIds[0]}`, undefined, { token: agent.token })).status).toBe(404);
    expect((await api.request('GET', '/api/follow-ups', undefined, {})).status).toBe(401);
  });

  it('moves a follow-up to done with its result, and refuses what would not make sense without changing anything', async () => {
    const callId = await handled('follow_up', '+4791234513');
    const [followUp] = await followUpsOf(callId);
    const path = `/api/follow-ups/${followUp!.id}`;
    const patch = (body: unknown, token = agent.token) => api.request<FollowUpView>('PATCH', path, body, { token });

    const before = await env.fingerprint();
    expect((await patch({})).status).toBe(400);
    expect((await patch({ status: 'finished' })).status).toBe(400);
    expect((await patch({ status: 'done' })).status).toBe(400);
    expect((await patch({ result: 'x'.repeat(2001) })).status).toBe(400);
    expect((await patch({ status: 'done', extra: 1 })).status).toBe(400);
    expect((await patch({ ownerUserId: await userIdOf('super01') })).status).toBe(403);
    expect((await patch({ status: 'in_progress' }, colleague.token)).status).toBe(404);
    expect((await api.request('PATCH', '/api/follow-ups/not-a-uuid', { status: 'done' }, { token: supervisor })).status).toBe(400);
    expect((await patch({ ownerUserId: '00000000-0000-4000-8000-000000000000' }, supervisor)).status).toBe(400);
    expect(await env.fingerprint()).toEqual(before);

    expect((await patch({ status: 'in_progress' })).body).toMatchObject({ status: 'in_progress', doneAt: null });
    const done = await patch({ status: 'done', result: 'Called back; passport appointment booked' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', result: 'Called back; passport appointment booked', timing: null });
    expect(done.body.doneAt).not.toBeNull();
    const reopen = await patch({ status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({ statusCode: 409, message: 'A follow-up that is done cannot become open' });

    const reassigned = await patch({ ownerUserId: await userIdOf('super01') }, supervisor);
    expect(reassigned.status).toBe(400);
    const { rows } = await env.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY at`, [followUp!.id]);
    expect(rows.map((r) => r.action)).toEqual(['follow_up.update', 'follow_up.update']);
  });

  it('is cancelled only with a reason, which is stored and shown', async () => {
    const callId = await handled('follow_up', '+4791234514');
    const [followUp] = await followUpsOf(callId);
    const path = `/api/follow-ups/${followUp!.id}`;
    const patch = (body: unknown, token = supervisor) => api.request<FollowUpView & { message: string }>('PATCH', path, body, { token });

    const before = await env.fingerprint();
    for (const body of [{ status: 'cancelled' }, { status: 'cancelled', result: '' }, { status: 'cancelled', result: '   ' }]) {
      const refused = await patch(body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, message: 'A follow-up is cancelled with a reason: say why in result' });
    }
    expect(await env.fingerprint()).toEqual(before);

    const cancelled = await patch({ status: 'cancelled', result: '  The caller had already been helped at the station  ' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', result: 'The caller had already been helped at the station', timing: null });
    const shown = await api.request<FollowUpView>('GET', path, undefined, { token: supervisor });
    expect(shown.body).toMatchObject({ status: 'cancelled', result: 'The caller had already been helped at the station' });
  });

  it('names the people a follow-up can be assigned to, to those who assign: the active users, with names and roles only', async () => {
    const quality = (await api.login('quality01')).accessToken;
    const { rows: active } = await env.db.query<{ id: string }>('SELECT id FROM users WHERE active ORDER BY display_name, username');
    const before = await env.fingerprint();
    const assignees = async (token?: string) => api.request<FollowUpAssigneeView[]>('GET', '/api/follow-ups/assignees', undefined, token ? { token } : {});

    const listed = await assignees(supervisor);
    expect(listed.status).toBe(200);
    expect(listed.body.map((user) => user.id)).toEqual(active.map((user) => user.id));
    expect(new Set(listed.body.map((user) => Object.keys(user).sort().join()))).toEqual(new Set(['displayName,id,role,username']));
    expect(listed.body).toContainEqual({ id: await userIdOf('super01'), username: 'super01', displayName: 'Siri Vaktleder', role: 'supervisor' });
    expect(listed.body.find((user) => user.username === agent.username)).toMatchObject({ id: await userIdOf(agent.username), role: 'agent' });
    expect((await assignees(quality)).body).toEqual(listed.body);
    expect((await assignees(agent.token)).status).toBe(403);
    expect((await assignees()).status).toBe(401);
    // Staff names, read like the floor's: nothing is written, not even to the audit log.
    expect(await env.fingerprint()).toEqual(before);

    // Someone deactivated is no longer offered, and the update refuses them as the list does.
    const { rows } = await env.db.query<{ id: string }>(`SELECT id FROM users WHERE role = 'agent' AND active AND username <> ALL($1) LIMIT 1`, [[agent.username, colleague.username]]);
    const leaver = rows[0]!.id;
    await env.db.query('UPDATE users SET active = false WHERE id = $1', [leaver]);
    try {
      expect((await assignees(supervisor)).body.map((user) => user.id)).not.toContain(leaver);
      const [followUp] = await followUpsOf(await handled('follow_up', '+4791234515'));
      const refused = await api.request('PATCH', `/api/follow-ups/${followUp!.id}`, { ownerUserId: leaver }, { token: supervisor });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ message: 'ownerUserId is not an active user' });
    } finally {
      await env.db.query('UPDATE users SET active = true WHERE id = $1', [leaver]);
    }
  });
});
