import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentFeedbackView, ReviewList, ReviewView, RootCauseInsightReport, RootCauseView, SharedLearningView } from '@fc/contracts';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

/** The UTC instant a day (or its month) begins in Oslo, worked out with Intl rather than by the code under test. */
function osloStart(at: Date, of: 'day' | 'month'): string {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-');
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${year}-${month}-${of === 'month' ? '01' : day}T00:00:00${offset}`);
    if (new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(candidate) === '00') return candidate.toISOString();
  }
  throw new Error('no midnight in Oslo');
}

describe('quality reviews: the quality lead reviews calls that went wrong', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let quality: string;
  let quality2: string;
  let supervisor: string;
  let admin: string;
  let qualityUserId: string;
  let passportAgent: SignedInAgent;
  let firearmsAgent: SignedInAgent;
  let sequence = 0;
  /** Call ids by name, and the ids of their reviews. */
  const calls: Record<string, string> = {};
  const reviews: Record<string, string> = {};

  beforeAll(async () => {
    // No random sample: exactly the calls that went wrong get a review.
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    // A second quality lead, to tell "mine" from the rest.
    await env.db.query(`INSERT INTO users (username, password_hash, role, display_name) SELECT 'quality02', password_hash, 'quality', 'Kari Kvalitet' FROM users WHERE username = 'quality01'`);
    const lead = await api.login('quality01');
    quality = lead.accessToken;
    qualityUserId = lead.user.id;
    quality2 = (await api.login('quality02')).accessToken;
    supervisor = (await api.login('super01')).accessToken;
    admin = (await api.login('admin')).accessToken;
  });
  afterAll(() => env.close());

  const get = <T>(path: string, token?: string) => api.request<T>('GET', path, undefined, { token });
  const patch = <T = ReviewView>(id: string, body: unknown, token = quality) => api.request<T>('PATCH', `/api/reviews/${id}`, body, { token });
  const arrive = async (topicKey: string) => {
    // Withheld numbers: no feedback invitation, so the outbox drains with the follow-ups alone.
    const response = await api.telephony('/calls', { externalId: `q-${Date.now()}-${++sequence}`, topicKey, language: 'nb' });
    expect(response.status).toBe(201);
    return response.body.callId;
  };
  const answer = async (agent: SignedInAgent, callId: string) => {
    await waitForOffer(api, agent, callId);
    expect((await api.callAction(agent.token, callId, 'accept')).status).toBe(200);
  };
  const finish = async (agent: SignedInAgent, callId: string, outcome: Record<string, unknown>) => {
    expect((await api.callAction(agent.token, callId, 'end')).status).toBe(200);
    expect((await api.callAction(agent.token, callId, 'outcome', outcome)).status).toBe(200);
  };
  const listIds = async (query: string, token = quality) => {
    const response = await get<ReviewList>(`/api/reviews?${query}`, token);
    expect(response.status).toBe(200);
    return response.body.items.map((item) => item.id).sort();
  };
  const sorted = (...ids: string[]) => [...ids].sort();
  const auditCount = async (action: string, entityId: string) =>
    (await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2', [action, entityId])).rows[0]!.n;

  it('reviews are created from calls that went wrong: unresolved, complaint, and unresolved after a transfer', async () => {
    passportAgent = await signIn(api, (await agentsFor(env, 'passport', 4))[0]!);
    firearmsAgent = await signIn(
      api,
      (await agentsFor(env, 'firearms', 4)).find((u) => u !== passportAgent.username)!,
    );

    expect((await api.setState(passportAgent.token, 'available')).status).toBe(200);
    calls.unresolved = await arrive('passport');
    await answer(passportAgent, calls.unresolved);
    await finish(passportAgent, calls.unresolved, { outcome: 'unresolved', expectationAligned: false, reasonCodes: ['passport_delay'], note: 'Wanted the passport sooner' });
    calls.complaint = await arrive('passport');
    await answer(passportAgent, calls.complaint);
    await finish(passportAgent, calls.complaint, { outcome: 'complaint', expectationAligned: true });
    calls.resolved = await arrive('passport');
    await answer(passportAgent, calls.resolved);
    await finish(passportAgent, calls.resolved, { outcome: 'resolved', expectationAligned: true });

    expect((await api.setState(passportAgent.token, 'offline')).status).toBe(200);
    expect((await api.setState(firearmsAgent.token, 'available')).status).toBe(200);
    calls.firearms = await arrive('firearms');
    await answer(firearmsAgent, calls.firearms);
    await finish(firearmsAgent, calls.firearms, { outcome: 'unresolved', expectationAligned: true });

    // Passport first, then passed on to firearms, where the firearms agent takes it.
    expect((await api.setState(firearmsAgent.token, 'offline')).status).toBe(200);
    expect((await api.setState(passportAgent.token, 'available')).status).toBe(200);
    calls.transferred = await arrive('passport');
    await answer(passportAgent, calls.transferred);
    expect((await api.setState(firearmsAgent.token, 'available')).status).toBe(200);
    expect((await api.callAction(passportAgent.token, calls.transferred, 'transfer', { topicKey: 'firearms' })).status).toBe(200);
    await answer(firearmsAgent, calls.transferred);
    await finish(firearmsAgent, calls.transferred, { outcome: 'unresolved', expectationAligned: false });
    for (const agent of [passportAgent, firearmsAgent]) expect((await api.setState(agent.token, 'offline')).status).toBe(200);

    await env.outboxDrained();
    const { body, status } = await get<ReviewList>('/api/reviews', quality);
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    for (const item of body.items) reviews[Object.entries(calls).find(([, id]) => id === item.callId)![0]] = item.id;
    expect(Object.keys(reviews).sort()).toEqual(['complaint', 'firearms', 'transferred', 'unresolved']);
    const byName = (name: string) => body.items.find((item) => item.id === reviews[name])!;
    expect(byName('unresolved')).toMatchObject({
      callId: calls.unresolved,
      causes: ['outcome_unresolved'],
      status: 'open',
      topicKey: 'passport',
      agentId: passportAgent.agentId,
      outcome: 'unresolved',
      transferCount: 0,
      reviewer: null,
      rootCauses: [],
      reviewedAt: null,
    });
    expect(byName('unresolved').agentDisplayName).toEqual(expect.any(String));
    expect(byName('unresolved').followUp).toMatchObject({ status: 'open', overdue: false });
    expect(byName('complaint')).toMatchObject({ causes: ['complaint'], outcome: 'complaint', agentId: passportAgent.agentId });
    // The review is of the topic the call ended in, and of its last agent.
    expect(byName('transferred')).toMatchObject({ causes: ['outcome_unresolved'], topicKey: 'firearms', agentId: firearmsAgent.agentId, transferCount: 1 });
  });

  it('lists with filters: status, cause, topic, agent, created time, and pages', async () => {
    expect(await listIds('status=open')).toEqual(sorted(reviews.unresolved!, reviews.complaint!, reviews.firearms!, reviews.transferred!));
    expect(await listIds('status=done')).toEqual([]);
    expect(await listIds('cause=complaint')).toEqual([reviews.complaint]);
    expect(await listIds('cause=outcome_unresolved')).toEqual(sorted(reviews.unresolved!, reviews.firearms!, reviews.transferred!));
    expect(await listIds('cause=runaround')).toEqual([]);
    expect(await listIds('topicKey=firearms')).toEqual(sorted(reviews.firearms!, reviews.transferred!));
    expect(await listIds('topicKey=passport&cause=outcome_unresolved')).toEqual([reviews.unresolved]);
    expect(await listIds(`agentId=${passportAgent.agentId}`)).toEqual(sorted(reviews.unresolved!, reviews.complaint!));
    expect(await listIds(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(await listIds(`to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toHaveLength(4);
    const page = await get<ReviewList>('/api/reviews?limit=2&offset=1', quality);
    expect(page.body.total).toBe(4);
    expect(page.body.items).toHaveLength(2);
    // Newest first while all are open.
    const all = (await get<ReviewList>('/api/reviews', quality)).body.items;
    expect(all.map((r) => r.createdAt)).toEqual([...all.map((r) => r.createdAt)].sort().reverse());
    expect(page.body.items.map((r) => r.id)).toEqual(all.slice(1, 3).map((r) => r.id));
  });

  it('shows one review with the whole journey in order, its waits as a timeline, the outcome, note and follow-ups; and audits the read', async () => {
    const response = await get<ReviewView>(`/api/reviews/${reviews.transferred}`, quality);
    expect(response.status).toBe(200);
    const review = response.body;
    const events = review.call.events!;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'arrived',
      'queued',
      'offered',
      'connected',
      'transferred',
      'offered',
      'connected',
      'talk_ended',
      'outcome_recorded',
      'follow_up_created',
      'follow_up_created',
    ]);
    expect(events.map((e) => e.agentId)).toEqual([
      null,
      null,
      passportAgent.agentId,
      passportAgent.agentId,
      passportAgent.agentId,
      firearmsAgent.agentId,
      firearmsAgent.agentId,
      firearmsAgent.agentId,
      firearmsAgent.agentId,
      null,
      null,
    ]);
    expect(events[4]!.data).toMatchObject({ to: 'topic', toTopicKey: 'firearms' });
    expect(review.call).toMatchObject({ id: calls.transferred, topicKey: 'firearms', outcome: 'unresolved', expectationAligned: false, transferCount: 1, state: 'completed' });

    // The oracle: each stretch from one event's time to the next, worked out here from the events.
    const at = (seq: number) => Date.parse(events[seq - 1]!.at);
    const sec = (fromSeq: number, toSeq: number) => (at(toSeq) - at(fromSeq)) / 1000;
    expect(review.timeline.segments).toEqual([
      { kind: 'queue', topicKey: 'passport', agentId: null, from: events[1]!.at, to: events[2]!.at, durationSec: sec(2, 3), end: 'offered' },
      { kind: 'offer', topicKey: 'passport', agentId: passportAgent.agentId, from: events[2]!.at, to: events[3]!.at, durationSec: sec(3, 4), end: 'connected' },
      { kind: 'talk', topicKey: 'passport', agentId: passportAgent.agentId, from: events[3]!.at, to: events[4]!.at, durationSec: sec(4, 5), end: 'transferred_to_topic' },
      { kind: 'queue', topicKey: 'firearms', agentId: null, from: events[4]!.at, to: events[5]!.at, durationSec: sec(5, 6), end: 'offered' },
      { kind: 'offer', topicKey: 'firearms', agentId: firearmsAgent.agentId, from: events[5]!.at, to: events[6]!.at, durationSec: sec(6, 7), end: 'connected' },
      { kind: 'talk', topicKey: 'firearms', agentId: firearmsAgent.agentId, from: events[6]!.at, to: events[7]!.at, durationSec: sec(7, 8), end: 'talk_ended' },
      { kind: 'wrap_up', topicKey: 'firearms', agentId: firearmsAgent.agentId, from: events[7]!.at, to: events[8]!.at, durationSec: sec(8, 9), end: 'outcome_recorded' },
    ]);
    expect(review.timeline.waitsByTopic).toEqual([
      { topicKey: 'passport', waitingSec: sec(2, 4) },
      { topicKey: 'firearms', waitingSec: sec(5, 7) },
    ]);
    expect(review.timeline.offers).toBe(2);
    expect(review.timeline.waitingSec).toBeCloseTo(sec(2, 4) + sec(5, 7), 3);
    expect(review.timeline.talkSec).toBeCloseTo(sec(4, 5) + sec(7, 8), 3);

    expect(review.agents.map((a) => a.agentId).sort()).toEqual(sorted(passportAgent.agentId, firearmsAgent.agentId));
    expect(review.agents.find((a) => a.agentId === passportAgent.agentId)).toMatchObject({ username: passportAgent.username, displayName: expect.any(String) });
    expect(review.followUps.map((f) => [f.kind, f.cause, f.status]).sort()).toEqual([
      ['case_handover', 'outcome_unresolved', 'open'],
      ['quality_review', 'outcome_unresolved', 'open'],
    ]);
    expect(review.feedback).toBeNull();
    expect(await auditCount('review.read', reviews.transferred!)).toBe(1);

    const noted = (await get<ReviewView>(`/api/reviews/${reviews.unresolved}`, quality)).body;
    expect(noted.call).toMatchObject({ outcome: 'unresolved', expectationAligned: false, reasonCodes: ['passport_delay'], note: 'Wanted the passport sooner' });
    expect(noted.timeline.segments.map((s) => [s.kind, s.end])).toEqual([
      ['queue', 'offered'],
      ['offer', 'connected'],
      ['talk', 'talk_ended'],
      ['wrap_up', 'outcome_recorded'],
    ]);
  });

  it('lists the active root causes in their order', async () => {
    const response = await get<RootCauseView[]>('/api/root-causes', quality);
    expect(response.status).toBe(200);
    expect(response.body.map((c) => c.key)).toEqual([
      'wrong_ivr_choice',
      'competence_missing_first_line',
      'expectation_mismatch',
      'excessive_information_demands',
      'tone',
      'system_problem',
      'unclear_routines',
      'other',
    ]);
    expect(response.body[0]).toEqual({ key: 'wrong_ivr_choice', nameNb: 'Feil valg i talemenyen', nameEn: 'Wrong IVR choice', active: true, sortOrder: 10 });
  });

  it('moves a review open → in progress → done with root causes, and its follow-up with it', async () => {
    const id = reviews.unresolved!;
    const before = await env.fingerprint();
    const skipped = await patch(id, { status: 'done', rootCauses: ['tone'] });
    expect(skipped.status).toBe(409);
    expect(await env.fingerprint()).toEqual(before);

    const taken = await patch(id, { take: true });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'in_progress', reviewer: { userId: qualityUserId, username: 'quality01', displayName: 'Knut Kvalitet' } });
    expect(taken.body.followUps.find((f) => f.kind === 'quality_review')).toMatchObject({ status: 'in_progress', ownerUsername: 'quality01' });

    const unchanged = await env.fingerprint();
    const notYet = await patch(id, { status: 'done' });
    expect(notYet.status).toBe(400);
    expect(notYet.body).toMatchObject({ statusCode: 400, message: 'A review is done with at least one root cause: give rootCauses' });
    const unknown = await patch(id, { rootCauses: ['tone', 'no_such_cause'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ message: 'rootCauses: "no_such_cause" is not an active root cause' });
    const unshared = await patch(id, { learningShared: true });
    expect(unshared.status).toBe(400);
    expect(await env.fingerprint()).toEqual(unchanged);

    const tagged = await patch(id, {
      rootCauses: ['expectation_mismatch', 'tone'],
      agentFeedback: '  Say early what the police can and cannot speed up.  ',
      learning: 'Callers about passport delays need the closing guidance read out in full.',
      learningShared: true,
    });
    expect(tagged.status).toBe(200);
    expect(tagged.body).toMatchObject({
      status: 'in_progress',
      rootCauses: ['expectation_mismatch', 'tone'],
      agentFeedback: 'Say early what the police can and cannot speed up.',
      learningShared: true,
      reviewedAt: null,
    });

    const done = await patch(id, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', reviewer: { username: 'quality01' }, rootCauses: ['expectation_mismatch', 'tone'] });
    expect(Date.parse(done.body.reviewedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(done.body.followUps.find((f) => f.kind === 'quality_review')).toMatchObject({ status: 'done', result: 'review done', ownerUsername: 'quality01' });
    expect(done.body.followUps.find((f) => f.kind === 'case_handover')).toMatchObject({ status: 'open' });
    const { rows } = await env.db.query('SELECT status, result, done_at FROM follow_ups WHERE call_id = $1 AND kind = $2', [calls.unresolved, 'quality_review']);
    expect(rows[0]).toMatchObject({ status: 'done', result: 'review done' });
    expect(rows[0].done_at).not.toBeNull();
    expect(await auditCount('review.update', id)).toBe(3);
    const followUpId = done.body.followUps.find((f) => f.kind === 'quality_review')!.id;
    expect(await auditCount('follow_up.update', followUpId)).toBe(2);

    const final = await env.fingerprint();
    const back = await patch(id, { status: 'in_progress' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: 'A review that is done cannot become in progress: a done review is final' });
    expect((await patch(id, { rootCauses: ['tone'] })).status).toBe(409);
    expect(await env.fingerprint()).toEqual(final);

    const listed = (await get<ReviewList>('/api/reviews', quality)).body.items;
    // Done reviews after the open ones.
    expect(listed[listed.length - 1]!.id).toBe(id);
    expect(await listIds('status=done')).toEqual([id]);
    expect(await listIds('rootCause=tone')).toEqual([id]);
  });

  it.each([
    { case: 'an unknown status', body: { status: 'closed' } },
    { case: 'root causes that are not a list', body: { rootCauses: 'tone' } },
    { case: 'a root cause that is not a key', body: { rootCauses: ['Tone!'] } },
    { case: 'a root cause twice', body: { rootCauses: ['tone', 'tone'] } },
    { case: 'agent feedback over 2000 characters', body: { agentFeedback: 'x'.repeat(2001) } },
    { case: 'a learning over 2000 characters', body: { learning: 'x'.repeat(2001) } },
    { case: 'learningShared that is not a boolean', body: { learningShared: 'yes' } },
    { case: 'take: false', body: { take: false } },
    { case: 'an unknown field', body: { priority: 1 } },
    { case: 'an empty body', body: {} },
  ])('refuses a change with $case: 400, nothing changed', async ({ body }) => {
    const before = await env.fingerprint();
    const response = await patch(reviews.firearms!, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(await env.fingerprint()).toEqual(before);
  });

  it.each([
    { case: 'an unknown status', query: 'status=closed' },
    { case: 'an unknown cause', query: 'cause=bad_luck' },
    { case: 'a topic key that is not one', query: 'topicKey=Pass Port' },
    { case: 'an agent id that is not a UUID', query: 'agentId=42' },
    { case: 'a from that is not ISO-8601', query: 'from=yesterday' },
    { case: 'to before from', query: 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z' },
    { case: 'mine that is not a boolean', query: 'mine=maybe' },
    { case: 'a limit over 200', query: 'limit=500' },
    { case: 'a limit of 0', query: 'limit=0' },
    { case: 'an unknown parameter', query: 'sort=oldest' },
  ])('refuses a list with $case: 400, nothing changed', async ({ query }) => {
    const before = await env.fingerprint();
    const response = await get(`/api/reviews?${query}`, quality);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(await env.fingerprint()).toEqual(before);
  });

  it('answers 400 for a malformed id and 404 for an unknown one, changing nothing', async () => {
    const before = await env.fingerprint();
    expect((await get('/api/reviews/not-a-uuid', quality)).status).toBe(400);
    expect((await patch('not-a-uuid', { take: true })).status).toBe(400);
    expect((await get('/api/reviews/2f9d3c1e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', quality)).status).toBe(404);
    expect((await patch('2f9d3c1e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', { take: true })).status).toBe(404);
    expect(await env.fingerprint()).toEqual(before);
  });

  it('is for quality leads only: supervisors, admins, agents and strangers may not read or change a review', async () => {
    expect((await get('/api/reviews', passportAgent.token)).status).toBe(403);
    expect((await get(`/api/reviews/${reviews.complaint}`, passportAgent.token)).status).toBe(403);
    expect((await patch(reviews.complaint!, { take: true }, passportAgent.token)).status).toBe(403);
    expect((await get('/api/reviews')).status).toBe(401);
    expect((await get(`/api/reviews/${reviews.complaint}`)).status).toBe(401);
    // A review carries a citizen's comment and an agent's note: quality work, not the floor's (docs/roles.md).
    for (const token of [supervisor, admin]) {
      expect((await get('/api/reviews', token)).status).toBe(403);
      expect((await get(`/api/reviews/${reviews.complaint}`, token)).status).toBe(403);
    }
    expect((await patch(reviews.complaint!, { take: true }, supervisor)).status).toBe(403);
    expect((await patch(reviews.complaint!, { take: true }, admin)).status).toBe(403);
    expect((await get('/api/root-causes', passportAgent.token)).status).toBe(403);
    expect((await get('/api/admin/root-causes', quality)).status).toBe(403);
  });

  it('admins extend the taxonomy, and the new cause is usable at once; a retired one is refused but stays on its reviews', async () => {
    const created = await api.request<RootCauseView>(
      'POST',
      '/api/admin/root-causes',
      { key: 'missing_interpreter', nameNb: 'Mangler tolk', nameEn: 'Interpreter missing', sortOrder: 80 },
      { token: admin },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ key: 'missing_interpreter', nameNb: 'Mangler tolk', nameEn: 'Interpreter missing', active: true, sortOrder: 80 });
    expect(await auditCount('root_cause.create', 'missing_interpreter')).toBe(1);

    const before = await env.fingerprint();
    expect((await api.request('POST', '/api/admin/root-causes', { key: 'missing_interpreter', nameNb: 'Igjen', nameEn: 'Again' }, { token: admin })).status).toBe(409);
    expect((await api.request('POST', '/api/admin/root-causes', { key: 'Bad-Key', nameNb: 'x', nameEn: 'x' }, { token: admin })).status).toBe(400);
    expect((await api.request('POST', '/api/admin/root-causes', { key: 'x', nameNb: 'x', nameEn: 'x' }, { token: admin })).status).toBe(400);
    expect((await api.request('POST', '/api/admin/root-causes', { key: 'blank_name', nameNb: '   ', nameEn: 'x' }, { token: admin })).status).toBe(400);
    expect((await api.request('POST', '/api/admin/root-causes', { key: 'by_quality', nameNb: 'x', nameEn: 'x' }, { token: quality })).status).toBe(403);
    expect((await api.request('PATCH', '/api/admin/root-causes/no_such_cause', { active: false }, { token: admin })).status).toBe(404);
    expect((await api.request('PATCH', '/api/admin/root-causes/tone', {}, { token: admin })).status).toBe(400);
    // Never deleted: there is no such route.
    expect((await api.request('DELETE', '/api/admin/root-causes/tone', undefined, { token: admin })).status).toBe(404);
    expect(await env.fingerprint()).toEqual(before);

    const active = (await get<RootCauseView[]>('/api/root-causes', quality)).body.map((c) => c.key);
    expect(active.slice(-3)).toEqual(['unclear_routines', 'missing_interpreter', 'other']);
    const used = await patch(reviews.complaint!, { take: true, rootCauses: ['missing_interpreter', 'wrong_ivr_choice'] });
    expect(used.status).toBe(200);
    expect(used.body.rootCauses).toEqual(['missing_interpreter', 'wrong_ivr_choice']);

    const retired = await api.request<RootCauseView>('PATCH', '/api/admin/root-causes/missing_interpreter', { active: false }, { token: admin });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ key: 'missing_interpreter', active: false });
    expect((await get<RootCauseView[]>('/api/root-causes', quality)).body.map((c) => c.key)).not.toContain('missing_interpreter');
    expect((await get<RootCauseView[]>('/api/admin/root-causes', admin)).body.find((c) => c.key === 'missing_interpreter')).toMatchObject({ active: false });

    const unchanged = await env.fingerprint();
    const refused = await patch(reviews.firearms!, { take: true, rootCauses: ['missing_interpreter'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ message: 'rootCauses: "missing_interpreter" is not an active root cause' });
    expect(await env.fingerprint()).toEqual(unchanged);
    // The review tagged before it was retired keeps it, and can still be completed.
    const completed = await patch(reviews.complaint!, { status: 'done' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'done', rootCauses: ['missing_interpreter', 'wrong_ivr_choice'] });
  });

  it('knows whose reviews are mine, and puts open work before done work', async () => {
    expect((await patch(reviews.firearms!, { take: true, rootCauses: ['wrong_ivr_choice'] })).status).toBe(200);
    expect((await patch(reviews.firearms!, { status: 'done' })).status).toBe(200);
    // Another quality lead starts the last one and tags it, but does not finish it.
    const started = await patch(reviews.transferred!, { status: 'in_progress', rootCauses: ['tone'] }, quality2);
    expect(started.status).toBe(200);
    expect(started.body.reviewer).toMatchObject({ username: 'quality02' });

    expect(await listIds('mine=true', quality)).toEqual(sorted(reviews.unresolved!, reviews.complaint!, reviews.firearms!));
    expect(await listIds('mine=true', quality2)).toEqual([reviews.transferred]);
    expect(await listIds('mine=false', quality)).toHaveLength(4);
    const all = (await get<ReviewList>('/api/reviews', quality)).body.items;
    expect(all.map((r) => r.status)).toEqual(['in_progress', 'done', 'done', 'done']);
    expect(all[0]!.id).toBe(reviews.transferred);
    expect(await listIds('rootCause=wrong_ivr_choice')).toEqual(sorted(reviews.complaint!, reviews.firearms!));
  });

  it('the agent of the call sees the feedback; another agent does not', async () => {
    const mine = await get<AgentFeedbackView[]>('/api/agents/me/feedback', passportAgent.token);
    expect(mine.status).toBe(200);
    const reviewed = (await get<ReviewView>(`/api/reviews/${reviews.unresolved}`, quality)).body;
    // The complaint's review is done too, but carries no feedback for the agent.
    expect(mine.body).toEqual([
      {
        reviewId: reviews.unresolved,
        callId: calls.unresolved,
        topicKey: 'passport',
        rootCauses: ['expectation_mismatch', 'tone'],
        agentFeedback: 'Say early what the police can and cannot speed up.',
        learning: 'Callers about passport delays need the closing guidance read out in full.',
        reviewedAt: reviewed.reviewedAt,
      },
    ]);
    const other = await get<AgentFeedbackView[]>('/api/agents/me/feedback', firearmsAgent.token);
    expect(other.status).toBe(200);
    expect(other.body).toEqual([]);
    expect((await get('/api/agents/me/feedback', quality)).status).toBe(403);
    expect(await auditCount('review.feedback_read', passportAgent.agentId)).toBe(1);
    // The agent's own view is still where it was.
    expect((await api.me(passportAgent.token)).status).toBe(200);
  });

  it('shares a learning with everyone, without call or agent', async () => {
    // A learning shared on a review still in progress is not out yet.
    expect((await patch(reviews.transferred!, { learning: 'Transfers to firearms lose the caller’s context.', learningShared: true }, quality2)).status).toBe(200);
    const reviewed = (await get<ReviewView>(`/api/reviews/${reviews.unresolved}`, quality)).body;
    for (const token of [firearmsAgent.token, supervisor, quality, admin]) {
      const response = await get<SharedLearningView[]>('/api/learnings', token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { topicKey: 'passport', rootCauses: ['expectation_mismatch', 'tone'], learning: 'Callers about passport delays need the closing guidance read out in full.', reviewedAt: reviewed.reviewedAt },
      ]);
      const text = JSON.stringify(response.body);
      for (const secret of [calls.unresolved!, reviews.unresolved!, passportAgent.agentId, passportAgent.username, qualityUserId]) expect(text).not.toContain(secret);
    }
    expect((await get('/api/learnings')).status).toBe(401);
  });

  it('counts root causes of done reviews per topic and day, with the reviews done behind them', async () => {
    const callAt = new Date((await get<ReviewView>(`/api/reviews/${reviews.unresolved}`, quality)).body.call.queuedAt!);
    const day = osloStart(callAt, 'day');
    const range = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`;
    const response = await get<RootCauseInsightReport>(`/api/insights/root-causes?${range}&interval=day`, quality);
    expect(response.status).toBe(200);
    // Done: unresolved (passport: expectation_mismatch, tone), complaint (passport: missing_interpreter, wrong_ivr_choice),
    // firearms (firearms: wrong_ivr_choice). The transferred call's review (tone) is not done and does not count.
    expect(response.body.rows).toEqual([
      { periodStart: day, topicKey: 'firearms', rootCause: 'wrong_ivr_choice', count: 1, reviewsDone: 1 },
      { periodStart: day, topicKey: 'passport', rootCause: 'wrong_ivr_choice', count: 1, reviewsDone: 2 },
      { periodStart: day, topicKey: 'passport', rootCause: 'expectation_mismatch', count: 1, reviewsDone: 2 },
      { periodStart: day, topicKey: 'passport', rootCause: 'tone', count: 1, reviewsDone: 2 },
      { periodStart: day, topicKey: 'passport', rootCause: 'missing_interpreter', count: 1, reviewsDone: 2 },
    ]);
    expect(response.body.topics).toEqual([
      { topicKey: 'firearms', reviewsDone: 1 },
      { topicKey: 'passport', reviewsDone: 2 },
    ]);
    expect(response.body).toMatchObject({ interval: 'day', timeZone: 'Europe/Oslo', topicKey: null });
    expect(response.body.rootCauses.find((c) => c.key === 'missing_interpreter')).toMatchObject({ active: false });

    const firearms = await get<RootCauseInsightReport>(`/api/insights/root-causes?${range}&topicKey=firearms&interval=month`, supervisor);
    expect(firearms.status).toBe(200);
    expect(firearms.body.rows).toEqual([{ periodStart: osloStart(callAt, 'month'), topicKey: 'firearms', rootCause: 'wrong_ivr_choice', count: 1, reviewsDone: 1 }]);
    expect(firearms.body.topics).toEqual([{ topicKey: 'firearms', reviewsDone: 1 }]);

    const later = await get<RootCauseInsightReport>(
      `/api/insights/root-causes?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`,
      quality,
    );
    expect(later.body.rows).toEqual([]);
  });

  it('answers the insight report as CSV for Accept: text/csv', async () => {
    const range = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`;
    const response = await fetch(`${api.baseUrl}/api/insights/root-causes?${range}&topicKey=passport`, { headers: { authorization: `Bearer ${quality}`, accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('periodStart,topicKey,rootCause,count,reviewsDone');
    expect(lines.slice(1).map((line) => line.split(',').slice(1).join(','))).toEqual([
      'passport,wrong_ivr_choice,1,2',
      'passport,expectation_mismatch,1,2',
      'passport,tone,1,2',
      'passport,missing_interpreter,1,2',
    ]);
  });

  it.each([
    { case: 'no from', query: 'to=2026-11-02T00:00:00Z' },
    { case: 'a date that is not ISO-8601', query: 'from=yesterday&to=2026-11-02T00:00:00Z' },
    { case: 'to before from', query: 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z' },
    { case: 'to equal to from', query: 'from=2026-11-02T00:00:00Z&to=2026-11-02T00:00:00Z' },
    { case: 'a range over two years', query: 'from=2024-11-01T00:00:00Z&to=2026-11-01T00:00:01Z' },
    { case: 'an unknown interval', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&interval=hour' },
    { case: 'a topic key that is not one', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&topicKey=DROP TABLE' },
    { case: 'an unknown parameter', query: 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&groupBy=agent' },
  ])('refuses an insight report with $case: 400, nothing changed', async ({ query }) => {
    const before = await env.fingerprint();
    const response = await get(`/api/insights/root-causes?${query}`, quality);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(await env.fingerprint()).toEqual(before);
  });

  it('the insight report is for supervisors, quality leads and admins', async () => {
    const query = '/api/insights/root-causes?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z';
    expect((await get(query, passportAgent.token)).status).toBe(403);
    expect((await get(query)).status).toBe(401);
    expect((await get(query, admin)).status).toBe(200);
    // Exactly two years is allowed.
    expect((await get('/api/insights/root-causes?from=2024-11-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=month', supervisor)).status).toBe(200);
  });
});
