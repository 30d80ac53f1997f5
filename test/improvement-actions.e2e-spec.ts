import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FloorAlert, ImprovementActionDetail, ImprovementActionList, ReviewList, RootCauseInsightReport } from '@fc/contracts';
import { ImprovementActionSweeper, ImprovementActionsRepository } from '@fc/improvement';
import type { INestApplicationContext } from '@nestjs/common';
import { eventually, type ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { openSocket, type SupervisorSocket } from './support/sockets.js';
import { TestEnvironment } from './support/test-environment.js';

const DAY = 86_400_000;

describe('improvement actions: from an insight to a change that took effect, reminded and escalated on the way', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let worker: INestApplicationContext;
  let quality: string;
  let qualityUserId: string;
  let supervisor: string;
  let supervisorUserId: string;
  let agent: SignedInAgent;
  let reviewId: string;
  let insightRow: RootCauseInsightReport['rows'][number];
  let range: { from: string; to: string };
  let actionId: string;
  let socket: SupervisorSocket;
  const alerts: FloorAlert[] = [];

  beforeAll(async () => {
    // The follow-up sweep runs every second: the test moves due times and waits for the stamps it leaves.
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0', FOLLOW_UP_SWEEP_SEC: '1' });
    ({ api } = await env.startApi());
    worker = await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    const lead = await api.login('quality01');
    [quality, qualityUserId] = [lead.accessToken, lead.user.id];
    const boss = await api.login('super01');
    [supervisor, supervisorUserId] = [boss.accessToken, boss.user.id];
    agent = await signIn(api, (await agentsFor(env, 'passport', 3))[0]!);
    socket = openSocket(api.baseUrl, '/supervisor', supervisor);
    socket.on('alert', (alert) => alerts.push(alert));
    await new Promise((resolve) => socket.once('snapshot', resolve));
  });
  afterAll(async () => {
    socket?.disconnect();
    await env.close();
  });

  const request = <T = ImprovementActionDetail>(method: string, path: string, body?: unknown, token = quality) => api.request<T>(method, path, body, { token });
  const patch = (id: string, body: unknown, token = quality) => request('PATCH', `/api/improvement-actions/${id}`, body, token);
  const row = async (id: string) =>
    (await env.db.query<{ reminded_at: Date | null; escalated_at: Date | null; status: string }>('SELECT reminded_at, escalated_at, status FROM improvement_actions WHERE id = $1', [id])).rows[0]!;
  const auditOf = async (id: string) =>
    (
      await env.db.query<{ action: string; actor_user_id: string | null; data: { changes: Record<string, { from: unknown; to: unknown }> } }>(
        `SELECT action, actor_user_id, data FROM audit_log WHERE entity_type = 'improvement_action' AND entity_id = $1 ORDER BY at, id`,
        [id],
      )
    ).rows;
  const newAction = (extra: Record<string, unknown> = {}) => ({
    title: 'Closing guidance for passport calls',
    description: 'Agents confirm the appointment and say what to bring',
    kind: 'closing_guidance',
    dueAt: new Date(Date.now() + 10 * DAY).toISOString(),
    origin: 'review',
    originReviewId: reviewId,
    topicKeys: ['passport'],
    ...extra,
  });

  it('a call that went wrong is reviewed to a root cause, which the insights show', async () => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const arrived = await api.telephony('/calls', { externalId: `ia-${Date.now()}`, topicKey: 'passport', language: 'nb' });
    const callId = arrived.body.callId;
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'outcome', { outcome: 'unresolved', expectationAligned: false })).status).toBe(200);
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
    await env.outboxDrained();
    const reviews = await request<ReviewList>('GET', '/api/reviews');
    reviewId = reviews.body.items.find((r) => r.callId === callId)!.id;
    expect((await request('PATCH', `/api/reviews/${reviewId}`, { take: true, rootCauses: ['wrong_ivr_choice'] })).status).toBe(200);
    expect((await request('PATCH', `/api/reviews/${reviewId}`, { status: 'done' })).status).toBe(200);

    range = { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() };
    const insights = await request<RootCauseInsightReport>('GET', `/api/insights/root-causes?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&interval=day`);
    expect(insights.status).toBe(200);
    insightRow = insights.body.rows.find((r) => r.topicKey === 'passport' && r.rootCause === 'wrong_ivr_choice')!;
    expect(insightRow).toMatchObject({ count: 1, reviewsDone: 1 });
  });

  it('opens an action from the insight row, planned, with its topic, root cause and period', async () => {
    const created = await request('POST', '/api/improvement-actions', {
      title: 'Clearer IVR choice for passports',
      description: 'The menu says "passport and ID card" first, so callers stop choosing lost property',
      kind: 'ivr_text',
      dueAt: new Date(Date.now() + 10 * DAY).toISOString(),
      ownerUserId: supervisorUserId,
      origin: 'insight',
      originInsight: { ...range, interval: 'day', topicKey: null },
      topicKeys: [insightRow.topicKey],
      rootCauseKeys: [insightRow.rootCause],
    });
    expect(created.status).toBe(201);
    actionId = created.body.id;
    expect(created.body).toMatchObject({
      title: 'Clearer IVR choice for passports',
      kind: 'ivr_text',
      status: 'planned',
      timing: 'on_track',
      owner: { id: supervisorUserId, username: 'super01' },
      origin: 'insight',
      originReviewId: null,
      originInsight: { ...range, interval: 'day', topicKey: null },
      topicKeys: ['passport'],
      rootCauseKeys: ['wrong_ivr_choice'],
      public: false,
      effectiveAt: null,
      remindedAt: null,
      escalatedAt: null,
      createdBy: { id: qualityUserId, username: 'quality01' },
    });
    expect(created.body.history).toEqual([expect.objectContaining({ kind: 'created', actor: { userId: qualityUserId, role: 'quality', person: expect.objectContaining({ username: 'quality01' }) } })]);
    expect(created.body.history[0]!.changes).toMatchObject({
      status: { from: null, to: 'planned' },
      topicKeys: { from: null, to: ['passport'] },
      rootCauseKeys: { from: null, to: ['wrong_ivr_choice'] },
    });
    const fetched = await request('GET', `/api/improvement-actions/${actionId}`, undefined, supervisor);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('the follow-up sweep reminds supervisors once before it falls due, and escalates once when it is overdue', async () => {
    const sweeper = worker.get(ImprovementActionSweeper);
    // Ten days out: nothing to remind of.
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    expect(await row(actionId)).toMatchObject({ reminded_at: null, escalated_at: null });

    await env.db.query(`UPDATE improvement_actions SET due_at = now() + interval '24 hours' WHERE id = $1`, [actionId]);
    const reminded = await eventually(async () => (await row(actionId)).reminded_at ?? undefined, 'the reminder stamp', 10_000);
    const dueSoon = await eventually(async () => alerts.find((a) => a.kind === 'improvement_action_due_soon'), 'the due-soon alert');
    expect(dueSoon).toMatchObject({ id: `improvement_action_due_soon:${actionId}`, improvementActionId: actionId, topicKey: 'passport', at: reminded.toISOString() });
    // Reminded once: the stamp holds whatever sweeps follow.
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    expect((await row(actionId)).reminded_at).toEqual(reminded);

    await env.db.query(`UPDATE improvement_actions SET due_at = now() - interval '1 minute' WHERE id = $1`, [actionId]);
    const escalated = await eventually(async () => (await row(actionId)).escalated_at ?? undefined, 'the escalation stamp', 10_000);
    const overdue = await eventually(async () => alerts.find((a) => a.kind === 'improvement_action_overdue'), 'the overdue alert');
    expect(overdue).toMatchObject({ id: `improvement_action_overdue:${actionId}`, improvementActionId: actionId, at: escalated.toISOString() });
    await expect(sweeper.sweep()).resolves.toEqual({ reminded: 0, escalated: 0 });
    expect(alerts.filter((a) => a.improvementActionId === actionId).map((a) => a.kind)).toEqual(['improvement_action_due_soon', 'improvement_action_overdue']);

    const audit = await auditOf(actionId);
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['improvement_action.create', qualityUserId],
      ['improvement_action.reminded', null],
      ['improvement_action.escalated', null],
    ]);
    expect(audit[2]!.data.changes).toEqual({ escalatedAt: { from: null, to: escalated.toISOString() } });
  });

  it('lists the overdue action first, with its overdue mark, and filters by status, topic and owner', async () => {
    const later = await request('POST', '/api/improvement-actions', newAction({ title: 'Later action', rootCauseKeys: ['wrong_ivr_choice'] }));
    expect(later.status).toBe(201);
    const list = await request<ImprovementActionList>('GET', '/api/improvement-actions', undefined, supervisor);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, overdue: 1 });
    expect(list.body.items.map((i) => [i.id, i.timing])).toEqual([
      [actionId, 'overdue'],
      [later.body.id, 'on_track'],
    ]);
    expect(list.body.items[0]!.escalatedAt).not.toBeNull();
    const ids = async (query: string) => (await request<ImprovementActionList>('GET', `/api/improvement-actions?${query}`)).body.items.map((i) => i.id);
    expect(await ids(`ownerUserId=${supervisorUserId}`)).toEqual([actionId]);
    expect(await ids('topicKey=firearms')).toEqual([]);
    expect(await ids('topicKey=passport&limit=1&offset=1')).toEqual([later.body.id]);
    expect(await ids('status=done')).toEqual([]);
  });

  it('moves to in progress and to done with what was done and when it took effect; the history shows each change and who made it', async () => {
    expect((await patch(actionId, { status: 'in_progress' }, supervisor)).status).toBe(200);
    const effectiveAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const done = await patch(actionId, { status: 'done', result: 'The IVR text changed on 5 December', effectiveAt });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', timing: null, result: 'The IVR text changed on 5 December', effectiveAt });
    expect(done.body.history.map((h) => [h.kind, h.actor?.person?.username ?? null])).toEqual([
      ['created', 'quality01'],
      ['reminded', null],
      ['escalated', null],
      ['updated', 'super01'],
      ['updated', 'quality01'],
    ]);
    expect(done.body.history[3]!.changes).toEqual({ status: { from: 'planned', to: 'in_progress' } });
    expect(done.body.history[4]!.changes).toEqual({
      status: { from: 'in_progress', to: 'done' },
      result: { from: null, to: 'The IVR text changed on 5 December' },
      effectiveAt: { from: null, to: effectiveAt },
    });
    expect((await auditOf(actionId)).map((a) => a.action)).toEqual([
      'improvement_action.create',
      'improvement_action.reminded',
      'improvement_action.escalated',
      'improvement_action.update',
      'improvement_action.update',
    ]);
    // What the effect measurement reads: when it took effect, and what it was meant to improve.
    await expect(env.instances[0]!.app.get(ImprovementActionsRepository).findMeasurement(actionId)).resolves.toEqual({
      id: actionId,
      status: 'done',
      effectiveAt: new Date(effectiveAt),
      topicKeys: ['passport'],
      rootCauseKeys: ['wrong_ivr_choice'],
      effect: null,
      effectMeasuredAt: null,
    });
    // Done is final; the list puts it after the open one.
    expect((await patch(actionId, { title: 'Renamed' })).status).toBe(409);
    const list = await request<ImprovementActionList>('GET', '/api/improvement-actions');
    expect(list.body.items.map((i) => i.id).at(-1)).toBe(actionId);
    expect(list.body.overdue).toBe(0);
  });

  it('takes effect when marked done unless told when, and is cancelled with a reason', async () => {
    const created = (await request('POST', '/api/improvement-actions', newAction({ public: true, publicSummaryNb: 'Vi forklarer bedre', publicSummaryEn: 'We explain better' }))).body;
    expect(created.public).toBe(true);
    expect((await patch(created.id, { status: 'in_progress' })).status).toBe(200);
    const before = Date.now();
    const done = await patch(created.id, { status: 'done', result: 'Guidance written' });
    expect(done.status).toBe(200);
    expect(Date.parse(done.body.effectiveAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(done.body.effectiveAt!)).toBeLessThanOrEqual(Date.now() + 1000);

    const other = (await request('POST', '/api/improvement-actions', newAction())).body;
    const cancelled = await patch(other.id, { status: 'cancelled', cancelReason: 'Covered by the national training' }, supervisor);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Covered by the national training', timing: null });
  });

  it('is for quality leads, supervisors and admins: an agent is refused every route', async () => {
    const before = await env.fingerprint();
    expect((await request('POST', '/api/improvement-actions', newAction(), agent.token)).status).toBe(403);
    expect((await request('GET', '/api/improvement-actions', undefined, agent.token)).status).toBe(403);
    expect((await request('GET', `/api/improvement-actions/${actionId}`, undefined, agent.token)).status).toBe(403);
    expect((await patch(actionId, { title: 'x' }, agent.token)).status).toBe(403);
    expect((await api.request('GET', '/api/improvement-actions')).status).toBe(401);
    expect(await env.fingerprint()).toEqual(before);
    const admin = (await api.login('admin')).accessToken;
    expect((await request('GET', '/api/improvement-actions', undefined, admin)).status).toBe(200);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const open = (await request('POST', '/api/improvement-actions', newAction())).body;
    const unknownId = '0b7a3c1e-2f4d-4a6b-8c9d-0e1f2a3b4c5d';
    const cases: [string, string, unknown, number, string | RegExp][] = [
      ['POST', '/api/improvement-actions', newAction({ title: undefined }), 400, 'title must be text'],
      ['POST', '/api/improvement-actions', newAction({ title: 'x'.repeat(201) }), 400, 'title must be 1-200 characters'],
      ['POST', '/api/improvement-actions', newAction({ kind: 'magic' }), 400, 'kind must be one of'],
      ['POST', '/api/improvement-actions', newAction({ dueAt: 'tomorrow' }), 400, 'dueAt must be an ISO-8601 date-time'],
      ['POST', '/api/improvement-actions', newAction({ origin: 'rumour' }), 400, 'origin must be one of'],
      ['POST', '/api/improvement-actions', newAction({ topicKeys: ['no_such_topic'] }), 400, 'topicKeys: "no_such_topic" is not a topic'],
      ['POST', '/api/improvement-actions', newAction({ rootCauseKeys: ['no_such_cause'] }), 400, 'rootCauseKeys: "no_such_cause" is not a root cause'],
      ['POST', '/api/improvement-actions', newAction({ topicKeys: [] }), 400, 'at least one topic'],
      ['POST', '/api/improvement-actions', newAction({ topicKeys: ['passport', 'passport'] }), 400, 'must not list a key twice'],
      ['POST', '/api/improvement-actions', newAction({ public: true, publicSummaryNb: 'Vi endret' }), 400, 'publicSummaryNb and publicSummaryEn'],
      ['POST', '/api/improvement-actions', newAction({ originReviewId: undefined }), 400, 'give originReviewId'],
      ['POST', '/api/improvement-actions', newAction({ originReviewId: unknownId }), 400, 'originReviewId is not a review'],
      ['POST', '/api/improvement-actions', newAction({ ownerUserId: unknownId }), 400, 'ownerUserId is not an active user'],
      ['POST', '/api/improvement-actions', newAction({ origin: 'learning' }), 400, 'originReviewId has no shared learning'],
      ['POST', '/api/improvement-actions', newAction({ origin: 'insight', originReviewId: undefined, originInsight: { from: range.to, to: range.from } }), 400, 'to must be after from'],
      ['POST', '/api/improvement-actions', newAction({ origin: 'insight', originReviewId: undefined, originInsight: { from: 'x', to: range.to } }), 400, 'originInsight.from'],
      ['POST', '/api/improvement-actions', newAction({ secret: true }), 400, 'property secret should not exist'],
      ['GET', '/api/improvement-actions?status=lost', undefined, 400, 'status must be one of'],
      ['GET', '/api/improvement-actions?limit=0', undefined, 400, 'limit must be at least 1'],
      ['GET', '/api/improvement-actions?ownerUserId=me', undefined, 400, 'ownerUserId must be a user id'],
      ['GET', '/api/improvement-actions?topicKey=Pass%20port', undefined, 400, 'topicKey must be a topic key'],
      ['GET', '/api/improvement-actions/not-an-id', undefined, 400, /uuid/i],
      ['GET', `/api/improvement-actions/${unknownId}`, undefined, 404, 'No such improvement action'],
      ['PATCH', '/api/improvement-actions/not-an-id', { title: 'x' }, 400, /uuid/i],
      ['PATCH', `/api/improvement-actions/${unknownId}`, { title: 'x' }, 404, 'No such improvement action'],
      ['PATCH', `/api/improvement-actions/${open.id}`, {}, 400, 'Nothing to change'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { status: 'done', result: 'Skipped ahead' }, 409, 'planned cannot become done'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { status: 'cancelled' }, 400, 'cancelReason'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { effectiveAt: new Date(Date.now() + DAY).toISOString() }, 400, 'effectiveAt cannot be in the future'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { topicKeys: [] }, 400, 'at least one topic'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { result: '   ' }, 400, 'result must not be blank'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { ownerUserId: unknownId }, 400, 'ownerUserId is not an active user'],
      ['PATCH', `/api/improvement-actions/${open.id}`, { public: 'yes' }, 400, 'public must be true or false'],
      ['PATCH', `/api/improvement-actions/${actionId}`, { status: 'in_progress' }, 409, 'done cannot become in progress'],
    ];
    const before = await env.fingerprint();
    for (const [method, path, body, status, message] of cases) {
      const response = await request<{ message: string | string[] }>(method, path, body);
      const text = [response.body.message].flat().join('; ');
      expect({ method, path, status: response.status }).toEqual({ method, path, status });
      expect(text).toMatch(message);
    }
    expect(await env.fingerprint()).toEqual(before);
  });
});
