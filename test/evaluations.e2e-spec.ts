import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentEvaluationView, CalibrationSummary, CalibrationView, EvaluationCriterion, EvaluationFormVersionView, EvaluationFormView, EvaluationView } from '@fc/contracts';
import { eventually, type ApiClient, type RequestOptions } from './support/api-client.js';
import { agentsFor, signIn, workCall, type SignedInAgent } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

/**
 * Scored evaluations (decision 0040): a review scored with the default form; the form re-versioned
 * while earlier evaluations keep theirs; a blind calibration by three quality leads and its spread;
 * the agent reading and acknowledging; and bad input refused on every new route, changing nothing.
 */
describe('scored evaluations and calibration', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let admin: string;
  let quality: string;
  let quality2: string;
  let quality3: string;
  let outsider: string;
  const userIds: Record<string, string> = {};
  let agent: SignedInAgent;
  let otherAgent: SignedInAgent;
  let reviewId: string;
  let form: EvaluationFormView;
  let firstEvaluation: EvaluationView;
  let secondEvaluation: EvaluationView;
  let calibrationId: string;

  beforeAll(async () => {
    // No random sample: exactly the calls that went wrong get a review.
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '30', QUALITY_SAMPLE_RATE: '0' });
    ({ api } = await env.startApi());
    await env.startWorker();
    await env.db.query(`UPDATE agents SET state = 'offline', state_reason = NULL`);
    // Three more quality leads: two to calibrate with, one who takes no part.
    for (const [username, name] of [
      ['quality02', 'Kari Kvalitet'],
      ['quality03', 'Per Prøve'],
      ['quality04', 'Ola Utenfor'],
    ]) {
      await env.db.query(`INSERT INTO users (username, password_hash, role, display_name) SELECT $1, password_hash, 'quality', $2 FROM users WHERE username = 'quality01'`, [username, name]);
    }
    const login = async (username: string) => {
      const { accessToken, user } = await api.login(username);
      userIds[username] = user.id;
      return accessToken;
    };
    admin = await login('admin');
    quality = await login('quality01');
    quality2 = await login('quality02');
    quality3 = await login('quality03');
    outsider = await login('quality04');
    const [first, second] = await agentsFor(env, 'passport', 3);
    agent = await signIn(api, first!);
    otherAgent = await signIn(api, second!);
  });
  afterAll(() => env.close());

  const as = (token: string): RequestOptions => ({ token });
  const auditCount = async (action: string, entityId: string) =>
    (await env.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2', [action, entityId])).rows[0]!.n;
  // One answer per criterion of the default form, by key.
  const scores = (need: number, correct: number, expectations: number, information: number, tone: number, resolved: number | 'na') => ({
    need_understood: need,
    correct_answer: correct,
    expectations_aligned: expectations,
    proportionate_information: information,
    respectful_tone: tone,
    resolved_first_contact: resolved,
  });

  it('seeds the default form, Samtalekvalitet 02800, at version 1', async () => {
    const { status, body } = await api.request<EvaluationFormView[]>('GET', '/api/evaluation-forms', undefined, as(quality));
    expect(status).toBe(200);
    expect(body.map((f) => [f.key, f.nameNb, f.version])).toEqual([['call_quality_02800', 'Samtalekvalitet 02800', 1]]);
    form = body[0]!;
    expect(form.criteria.map((c) => [c.key, c.weight, c.scale, c.naAllowed])).toEqual([
      ['need_understood', 3, '0_4', false],
      ['correct_answer', 3, '0_4', false],
      ['expectations_aligned', 3, '0_4', false],
      ['proportionate_information', 2, 'pass_fail', false],
      ['respectful_tone', 2, 'pass_fail', false],
      ['resolved_first_contact', 2, '0_4', true],
    ]);
    // The form editor is the administrators'; the quality leads' list is not theirs.
    expect((await api.request('GET', '/api/admin/evaluation-forms', undefined, as(quality))).status).toBe(403);
    expect((await api.request('GET', '/api/evaluation-forms', undefined, as(agent.token))).status).toBe(403);
  });

  it('a quality lead scores a review with the form: the weighted score over the applicable criteria', async () => {
    expect((await api.setState(agent.token, 'available')).status).toBe(200);
    const callId = (await api.telephony('/calls', { externalId: 'evaluation-1', topicKey: 'passport', language: 'nb' })).body.callId;
    await workCall(api, agent, callId, { outcome: 'unresolved', expectationAligned: false });
    expect((await api.setState(agent.token, 'offline')).status).toBe(200);
    reviewId = await eventually(async () => (await env.db.query<{ id: string }>('SELECT id FROM reviews WHERE call_id = $1', [callId])).rows[0]?.id, 'the review of the unresolved call');

    const { status, body } = await api.request<EvaluationView>(
      'POST',
      `/api/reviews/${reviewId}/evaluations`,
      { formKey: 'call_quality_02800', scores: scores(4, 3, 2, 1, 1, 'na'), comment: 'Gode spørsmål; avslutt med hva som skjer videre.' },
      as(quality),
    );
    expect(status).toBe(201);
    // (3·4/4 + 3·3/4 + 3·2/4 + 2·1 + 2·1) / (3+3+3+2+2) = 10.75 / 13 = 82.69…% (the n/a criterion's weight left out)
    expect(body).toMatchObject({ reviewId, score: 82.7, calibrationId: null, acknowledgedAt: null, evaluator: { userId: userIds.quality01 } });
    expect(body.form).toMatchObject({ id: form.versionId, version: 1, formKey: 'call_quality_02800' });
    firstEvaluation = body;
    expect(await auditCount('evaluation.create', body.id)).toBe(1);
  });

  it('an admin edits the form: a new version, while the earlier evaluation keeps the version it was scored with', async () => {
    const criteria: EvaluationCriterion[] = form.criteria.map((c) => (c.key === 'expectations_aligned' ? { ...c, weight: 5 } : c));
    const edited = await api.request<EvaluationFormView>('PATCH', `/api/admin/evaluation-forms/${form.id}`, { criteria }, as(admin));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: form.id, version: 2 });
    expect(edited.body.versionId).not.toBe(form.versionId);
    expect(edited.body.criteria.find((c) => c.key === 'expectations_aligned')!.weight).toBe(5);
    expect(await auditCount('evaluation_form.update', form.id)).toBe(1);
    const versions = await api.request<EvaluationFormVersionView[]>('GET', `/api/admin/evaluation-forms/${form.id}/versions`, undefined, as(admin));
    expect(versions.body.map((v) => v.version)).toEqual([2, 1]);
    // Version 1 as it was written: the database refuses a change to it.
    await expect(env.db.query(`UPDATE evaluation_form_versions SET criteria = '[]' WHERE id = $1`, [form.versionId])).rejects.toThrow(/append-only/);

    const second = await api.request<EvaluationView>('POST', `/api/reviews/${reviewId}/evaluations`, { formKey: 'call_quality_02800', scores: scores(4, 3, 2, 1, 1, 'na') }, as(quality2));
    expect(second.status).toBe(201);
    // The same answers under version 2: (3 + 2.25 + 5·2/4 + 2 + 2) / 15 = 11.75 / 15 = 78.33…%
    expect(second.body).toMatchObject({ score: 78.3, comment: null, form: { id: edited.body.versionId, version: 2 } });
    secondEvaluation = second.body;

    const list = await api.request<EvaluationView[]>('GET', `/api/reviews/${reviewId}/evaluations`, undefined, as(quality));
    expect(list.status).toBe(200);
    expect(list.body.map((e) => [e.id, e.form.version, e.score])).toEqual([
      [secondEvaluation.id, 2, 78.3],
      [firstEvaluation.id, 1, 82.7],
    ]);
    expect(list.body[1]!.form.criteria.find((c) => c.key === 'expectations_aligned')!.weight).toBe(3);
    expect(await auditCount('evaluation.list', reviewId)).toBe(1);
  });

  it('a calibration by three quality leads is blind while open, and shows the spread per criterion once all have scored', async () => {
    const started = await api.request<CalibrationView>(
      'POST',
      '/api/calibrations',
      { reviewId, participantUserIds: [userIds.quality02, userIds.quality03], formKey: 'call_quality_02800' },
      as(quality),
    );
    expect(started.status).toBe(201);
    calibrationId = started.body.id;
    expect(started.body).toMatchObject({ status: 'open', spread: null, evaluations: [], form: { version: 2 }, startedBy: { userId: userIds.quality01 } });
    expect(started.body.participants.map((p) => [p.userId, p.scored])).toEqual([
      [userIds.quality01, false],
      [userIds.quality02, false],
      [userIds.quality03, false],
    ]);

    const score = (token: string, body: unknown) => api.request<CalibrationView>('POST', `/api/calibrations/${calibrationId}/evaluations`, body, as(token));
    const one = await score(quality, { scores: scores(4, 4, 4, 1, 1, 4) });
    expect(one.status).toBe(201);
    expect(one.body.evaluations.map((e) => [e.evaluator.userId, e.score])).toEqual([[userIds.quality01, 100]]);
    const two = await score(quality2, { scores: scores(2, 3, 1, 1, 0, 'na') });
    expect(two.status).toBe(201);

    // Blind: quality02 sees who has scored and their own evaluation, not quality01's.
    const seenBy2 = await api.request<CalibrationView>('GET', `/api/calibrations/${calibrationId}`, undefined, as(quality2));
    expect(seenBy2.status).toBe(200);
    expect(seenBy2.body.status).toBe('open');
    expect(seenBy2.body.spread).toBeNull();
    expect(seenBy2.body.evaluations.map((e) => e.evaluator.userId)).toEqual([userIds.quality02]);
    expect(seenBy2.body.participants.map((p) => p.scored)).toEqual([true, true, false]);
    expect(JSON.stringify(seenBy2.body)).not.toContain(one.body.evaluations[0]!.id);
    // Nor do the scores show on the review or to a quality lead outside the calibration.
    const onReview = await api.request<EvaluationView[]>('GET', `/api/reviews/${reviewId}/evaluations`, undefined, as(quality2));
    expect(onReview.body.map((e) => e.id)).toEqual([secondEvaluation.id, firstEvaluation.id]);
    expect((await api.request('GET', `/api/calibrations/${calibrationId}`, undefined, as(outsider))).status).toBe(403);
    const outsiders = await api.request<CalibrationSummary[]>('GET', '/api/calibrations', undefined, as(outsider));
    expect(outsiders.body).toEqual([]);
    const mine = await api.request<CalibrationSummary[]>('GET', `/api/calibrations?reviewId=${reviewId}`, undefined, as(quality3));
    expect(mine.body.map((c) => [c.id, c.status, c.version])).toEqual([[calibrationId, 'open', 2]]);

    // The last score closes it and reveals everyone's.
    const three = await score(quality3, { scores: scores(3, 2, 2, 0, 1, 2), comment: 'Manglet forventningsavstemming.' });
    expect(three.status).toBe(201);
    expect(three.body.status).toBe('closed');
    expect(three.body.closedAt).toEqual(expect.any(String));
    const revealed = await api.request<CalibrationView>('GET', `/api/calibrations/${calibrationId}`, undefined, as(quality2));
    expect(revealed.body.evaluations.map((e) => [e.evaluator.userId, e.score])).toEqual([
      [userIds.quality01, 100],
      // (3·2/4 + 3·3/4 + 5·1/4 + 2·1 + 0) / 15 = 7 / 15 = 46.67%, n/a left out
      [userIds.quality02, 46.7],
      // (3·3/4 + 3·2/4 + 5·2/4 + 0 + 2·1 + 2·2/4) / 17 = 9.25 / 17 = 54.41%
      [userIds.quality03, 54.4],
    ]);
    const [q1, q2, q3] = [userIds.quality01!, userIds.quality02!, userIds.quality03!];
    const values = (a: number | 'na', b: number | 'na', c: number | 'na') => [
      { userId: q1, value: a },
      { userId: q2, value: b },
      { userId: q3, value: c },
    ];
    expect(revealed.body.spread).toEqual({
      criteria: [
        { key: 'need_understood', values: values(4, 2, 3), min: 2, max: 4, mean: 3 },
        { key: 'correct_answer', values: values(4, 3, 2), min: 2, max: 4, mean: 3 },
        { key: 'expectations_aligned', values: values(4, 1, 2), min: 1, max: 4, mean: 2.33 },
        { key: 'proportionate_information', values: values(1, 1, 0), min: 0, max: 1, mean: 0.67 },
        { key: 'respectful_tone', values: values(1, 0, 1), min: 0, max: 1, mean: 0.67 },
        { key: 'resolved_first_contact', values: values(4, 'na', 2), min: 2, max: 4, mean: 3 },
      ],
      // (100 + 46.7 + 54.4) / 3 = 67.033…
      total: { values: values(100, 46.7, 54.4), min: 46.7, max: 100, mean: 67.03 },
    });
    // Closed, a quality lead who took no part may read it too. Audited: quality02's two reads, the
    // answer to quality03's closing score (it shows the others' scores) and the outsider's read.
    expect((await api.request('GET', `/api/calibrations/${calibrationId}`, undefined, as(outsider))).status).toBe(200);
    expect(await auditCount('calibration.read', calibrationId)).toBe(4);
    expect(await auditCount('calibration.close', calibrationId)).toBe(1);
  });

  it('the agent sees the evaluations of their call, never the calibration’s, and acknowledges each once', async () => {
    const { status, body } = await api.request<AgentEvaluationView[]>('GET', '/api/agents/me/evaluations', undefined, as(agent.token));
    expect(status).toBe(200);
    expect(body.map((e) => [e.id, e.form.version, e.score, e.topicKey])).toEqual([
      [secondEvaluation.id, 2, 78.3, 'passport'],
      [firstEvaluation.id, 1, 82.7, 'passport'],
    ]);
    expect(body[1]!.form.criteria).toHaveLength(6);
    expect(body[1]!.comment).toBe('Gode spørsmål; avslutt med hva som skjer videre.');
    // Nothing of the caller: no number, note or feedback in what the agent is given.
    expect(Object.keys(body[1]!).sort()).toEqual(
      ['acknowledgedAt', 'acknowledgementComment', 'calibrationId', 'callId', 'comment', 'evaluator', 'form', 'id', 'reviewId', 'score', 'scores', 'submittedAt', 'topicKey'].sort(),
    );
    expect(await auditCount('evaluation.agent_read', agent.agentId)).toBe(1);
    expect((await api.request<AgentEvaluationView[]>('GET', '/api/agents/me/evaluations', undefined, as(otherAgent.token))).body).toEqual([]);

    const acknowledged = await api.request<AgentEvaluationView>('POST', `/api/evaluations/${firstEvaluation.id}/acknowledge`, { comment: 'Tar det med meg.' }, as(agent.token));
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: firstEvaluation.id, acknowledgementComment: 'Tar det med meg.', acknowledgedAt: expect.any(String) });
    expect((await api.request('POST', `/api/evaluations/${firstEvaluation.id}/acknowledge`, {}, as(agent.token))).status).toBe(409);
    expect((await api.request('POST', `/api/evaluations/${secondEvaluation.id}/acknowledge`, {}, as(otherAgent.token))).status).toBe(404);
    expect(await auditCount('evaluation.acknowledge', firstEvaluation.id)).toBe(1);
    const after = await api.request<AgentEvaluationView[]>('GET', '/api/agents/me/evaluations', undefined, as(agent.token));
    expect(after.body.map((e) => e.acknowledgedAt === null)).toEqual([true, false]);
  });

  describe('bad input is refused and changes nothing', () => {
    let before: Record<string, string>;
    let openCalibrationId: string;
    let calibrationEvaluationId: string;
    const unknownId = '00000000-0000-4000-8000-000000000000';

    beforeAll(async () => {
      // One open calibration quality01 has scored and quality02 has not.
      const started = await api.request<CalibrationView>('POST', '/api/calibrations', { reviewId, participantUserIds: [userIds.quality02], formKey: 'call_quality_02800' }, as(quality));
      openCalibrationId = started.body.id;
      const scored = await api.request<CalibrationView>('POST', `/api/calibrations/${openCalibrationId}/evaluations`, { scores: scores(1, 1, 1, 1, 1, 1) }, as(quality));
      calibrationEvaluationId = scored.body.evaluations[0]!.id;
      before = await env.fingerprint();
    });

    const good = () => scores(4, 3, 2, 1, 1, 'na');
    const criteria = () => form.criteria;
    const cases: { name: string; method: string; path: () => string; body: () => unknown; token: () => string; status: number; message?: RegExp }[] = [
      // Scoring a review
      {
        name: 'a criterion unanswered',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: { need_understood: 4 } }),
        token: () => quality,
        status: 400,
        message: /correct_answer is not answered/,
      },
      {
        name: 'a value off the scale',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: { ...good(), need_understood: 5 } }),
        token: () => quality,
        status: 400,
        message: /need_understood must be a whole number from 0 to 4/,
      },
      {
        name: 'pass/fail given 2',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: { ...good(), respectful_tone: 2 } }),
        token: () => quality,
        status: 400,
        message: /respectful_tone must be a whole number from 0 to 1/,
      },
      {
        name: 'n/a where not allowed',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: { ...good(), respectful_tone: 'na' } }),
        token: () => quality,
        status: 400,
        message: /n\/a is not allowed/,
      },
      {
        name: 'an unknown criterion',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: { ...good(), empathy: 3 } }),
        token: () => quality,
        status: 400,
        message: /empathy/,
      },
      {
        name: 'scores that are a list',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: [4, 3] }),
        token: () => quality,
        status: 400,
        message: /scores must be an object/,
      },
      { name: 'an unknown form', method: 'POST', path: () => `/api/reviews/${reviewId}/evaluations`, body: () => ({ formKey: 'no_such_form', scores: good() }), token: () => quality, status: 404 },
      {
        name: 'an unknown review',
        method: 'POST',
        path: () => `/api/reviews/${unknownId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: good() }),
        token: () => quality,
        status: 404,
      },
      {
        name: 'a review id that is no id',
        method: 'POST',
        path: () => '/api/reviews/nope/evaluations',
        body: () => ({ formKey: 'call_quality_02800', scores: good() }),
        token: () => quality,
        status: 400,
      },
      {
        name: 'a field no evaluation has',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: good(), score: 100 }),
        token: () => quality,
        status: 400,
        message: /score should not exist/,
      },
      {
        name: 'a comment too long',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: good(), comment: 'x'.repeat(2001) }),
        token: () => quality,
        status: 400,
        message: /comment must be at most 2000/,
      },
      {
        name: 'an agent scoring',
        method: 'POST',
        path: () => `/api/reviews/${reviewId}/evaluations`,
        body: () => ({ formKey: 'call_quality_02800', scores: good() }),
        token: () => agent.token,
        status: 403,
      },
      { name: 'the list of an unknown review', method: 'GET', path: () => `/api/reviews/${unknownId}/evaluations`, body: () => undefined, token: () => quality, status: 404 },
      // The form editor
      {
        name: 'a weight of 0',
        method: 'PATCH',
        path: () => `/api/admin/evaluation-forms/${form.id}`,
        body: () => ({ criteria: criteria().map((c, i) => (i === 0 ? { ...c, weight: 0 } : c)) }),
        token: () => admin,
        status: 400,
        message: /weight must be a whole number from 1 to 100/,
      },
      {
        name: 'no criteria',
        method: 'PATCH',
        path: () => `/api/admin/evaluation-forms/${form.id}`,
        body: () => ({ criteria: [] }),
        token: () => admin,
        status: 400,
        message: /at least one criterion/,
      },
      {
        name: 'a criterion key twice',
        method: 'PATCH',
        path: () => `/api/admin/evaluation-forms/${form.id}`,
        body: () => ({ criteria: [criteria()[0], criteria()[0]] }),
        token: () => admin,
        status: 400,
        message: /used twice/,
      },
      {
        name: 'an unknown scale',
        method: 'PATCH',
        path: () => `/api/admin/evaluation-forms/${form.id}`,
        body: () => ({ criteria: [{ ...criteria()[0], scale: '1_10' }] }),
        token: () => admin,
        status: 400,
        message: /scale must be one of/,
      },
      {
        name: 'the current criteria again',
        method: 'PATCH',
        path: () => `/api/admin/evaluation-forms/${form.id}`,
        body: () => ({ criteria: secondEvaluation.form.criteria }),
        token: () => admin,
        status: 400,
        message: /Nothing to change/,
      },
      { name: 'an empty change', method: 'PATCH', path: () => `/api/admin/evaluation-forms/${form.id}`, body: () => ({}), token: () => admin, status: 400, message: /Nothing to change/ },
      { name: 'an unknown form to edit', method: 'PATCH', path: () => `/api/admin/evaluation-forms/${unknownId}`, body: () => ({ active: false }), token: () => admin, status: 404 },
      { name: 'a quality lead editing a form', method: 'PATCH', path: () => `/api/admin/evaluation-forms/${form.id}`, body: () => ({ active: false }), token: () => quality, status: 403 },
      {
        name: 'a form key that exists',
        method: 'POST',
        path: () => '/api/admin/evaluation-forms',
        body: () => ({ key: 'call_quality_02800', nameNb: 'Ny', nameEn: 'New', criteria: criteria() }),
        token: () => admin,
        status: 409,
      },
      {
        name: 'a form key of the wrong shape',
        method: 'POST',
        path: () => '/api/admin/evaluation-forms',
        body: () => ({ key: 'Ny form', nameNb: 'Ny', nameEn: 'New', criteria: criteria() }),
        token: () => admin,
        status: 400,
        message: /key must be/,
      },
      {
        name: 'criteria that are not objects',
        method: 'POST',
        path: () => '/api/admin/evaluation-forms',
        body: () => ({ key: 'short_form', nameNb: 'Kort', nameEn: 'Short', criteria: ['closing'] }),
        token: () => admin,
        status: 400,
        message: /each of criteria must be an object/,
      },
      { name: 'the versions of an unknown form', method: 'GET', path: () => `/api/admin/evaluation-forms/${unknownId}/versions`, body: () => undefined, token: () => admin, status: 404 },
      // Calibrations
      {
        name: 'an agent as participant',
        method: 'POST',
        path: () => '/api/calibrations',
        body: () => ({ reviewId, participantUserIds: [userIds.quality02, agent.agentId], formKey: 'call_quality_02800' }),
        token: () => quality,
        status: 400,
        message: /Not active quality leads/,
      },
      {
        name: 'no one besides the starter',
        method: 'POST',
        path: () => '/api/calibrations',
        body: () => ({ reviewId, participantUserIds: [userIds.quality01], formKey: 'call_quality_02800' }),
        token: () => quality,
        status: 400,
        message: /at least one quality lead besides you/,
      },
      {
        name: 'a calibration of an unknown review',
        method: 'POST',
        path: () => '/api/calibrations',
        body: () => ({ reviewId: unknownId, participantUserIds: [userIds.quality02], formKey: 'call_quality_02800' }),
        token: () => quality,
        status: 404,
      },
      {
        name: 'participants that are not ids',
        method: 'POST',
        path: () => '/api/calibrations',
        body: () => ({ reviewId, participantUserIds: ['quality02'], formKey: 'call_quality_02800' }),
        token: () => quality,
        status: 400,
        message: /each of participantUserIds must be a user id/,
      },
      {
        name: 'a second score by one participant',
        method: 'POST',
        path: () => `/api/calibrations/${openCalibrationId}/evaluations`,
        body: () => ({ scores: good() }),
        token: () => quality,
        status: 409,
        message: /scored this calibration already/,
      },
      { name: 'a score by a non-participant', method: 'POST', path: () => `/api/calibrations/${openCalibrationId}/evaluations`, body: () => ({ scores: good() }), token: () => quality3, status: 403 },
      {
        name: 'bad scores in a calibration',
        method: 'POST',
        path: () => `/api/calibrations/${openCalibrationId}/evaluations`,
        body: () => ({ scores: { ...good(), need_understood: 9 } }),
        token: () => quality2,
        status: 400,
        message: /need_understood/,
      },
      {
        name: 'a score in a closed calibration',
        method: 'POST',
        path: () => `/api/calibrations/${calibrationId}/evaluations`,
        body: () => ({ scores: good() }),
        token: () => quality,
        status: 409,
        message: /closed/,
      },
      { name: 'reading an open calibration from outside', method: 'GET', path: () => `/api/calibrations/${openCalibrationId}`, body: () => undefined, token: () => outsider, status: 403 },
      { name: 'closing by a participant who did not start it', method: 'POST', path: () => `/api/calibrations/${openCalibrationId}/close`, body: () => undefined, token: () => quality2, status: 403 },
      { name: 'closing a closed calibration', method: 'POST', path: () => `/api/calibrations/${calibrationId}/close`, body: () => undefined, token: () => quality, status: 409 },
      { name: 'an unknown calibration', method: 'GET', path: () => `/api/calibrations/${unknownId}`, body: () => undefined, token: () => quality, status: 404 },
      { name: 'a calibration filter that is no id', method: 'GET', path: () => '/api/calibrations?reviewId=nope', body: () => undefined, token: () => quality, status: 400 },
      // Acknowledgement
      { name: 'acknowledging twice', method: 'POST', path: () => `/api/evaluations/${firstEvaluation.id}/acknowledge`, body: () => ({}), token: () => agent.token, status: 409 },
      {
        name: 'acknowledging another agent’s evaluation',
        method: 'POST',
        path: () => `/api/evaluations/${secondEvaluation.id}/acknowledge`,
        body: () => ({}),
        token: () => otherAgent.token,
        status: 404,
      },
      {
        name: 'acknowledging a calibration’s evaluation',
        method: 'POST',
        path: () => `/api/evaluations/${calibrationEvaluationId}/acknowledge`,
        body: () => ({}),
        token: () => agent.token,
        status: 404,
      },
      {
        name: 'an acknowledgement comment too long',
        method: 'POST',
        path: () => `/api/evaluations/${secondEvaluation.id}/acknowledge`,
        body: () => ({ comment: 'x'.repeat(2001) }),
        token: () => agent.token,
        status: 400,
        message: /comment must be at most 2000/,
      },
      { name: 'a quality lead acknowledging', method: 'POST', path: () => `/api/evaluations/${secondEvaluation.id}/acknowledge`, body: () => ({}), token: () => quality, status: 403 },
      { name: 'an agent list page too long', method: 'GET', path: () => '/api/agents/me/evaluations?limit=500', body: () => undefined, token: () => agent.token, status: 400 },
    ];

    it.each(cases)('$name → $status', async ({ method, path, body, token, status, message }) => {
      const response = await api.request<{ statusCode: number; error: string; message: string | string[] }>(method, path(), body(), as(token()));
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String) });
      if (message) expect([response.body.message].flat().join('; ')).toMatch(message);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    });

    it('leaves every table as it was', async () => {
      expect(await env.fingerprint()).toEqual(before);
    });
  });
});
