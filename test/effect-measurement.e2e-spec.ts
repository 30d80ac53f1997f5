import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EffectReport, ImprovementActionDetail, ImprovementActionEffectView, ImprovementActionsByEffect, MetricsReport } from '@fc/contracts';
import { ImprovementEffects } from '@fc/improvement';
import type { ApiClient } from './support/api-client.js';
import { agentsFor, signIn } from './support/agents.js';
import { TestEnvironment } from './support/test-environment.js';

const DAY = 86_400_000;
/** A fixed end, so the seed gives the same history on any day the test runs. */
const END = new Date('2026-11-02T00:00:00Z');
/** Four weeks before the end: the planted change takes effect here, and each window is four weeks. */
const EFFECTIVE_AT = new Date(END.getTime() - 28 * DAY);
/**
 * The planted difference in passport's FCR. The generator moves 0.10 of the topic's finished calls
 * from follow_up, unresolved or complaint (0.19 of the outcome mix) to resolved. FCR (DESIGN §7) is
 * resolved, self_service and referred (0.80 of the mix) over calls with an outcome other than
 * not_recorded (0.99 of the mix): 0.80 / 0.99 = 0.80808 before, 0.90 / 0.99 = 0.90909 after, a
 * difference of 0.10 / 0.99 = 0.10101.
 */
const PLANTED_FCR_DIFFERENCE = 0.10101;

describe('did it work? the effect of a change measured on a history with a planted change', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let supervisor: string;
  let quality: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // Eight weeks of 20 000 calls: about 1 900 passport calls with an outcome in each window.
    await env.generateHistory(['--calls=20000', '--days=56', '--seed=2800', `--end=${END.toISOString()}`, '--plant-topic=passport', `--plant-at=${EFFECTIVE_AT.toISOString()}`, '--plant-fcr=0.10']);
    ({ api } = await env.startApi());
    supervisor = (await api.login('super01')).accessToken;
    quality = (await api.login('quality01')).accessToken;
  }, 120_000);
  afterAll(() => env.close());

  const effect = (query: string, token = supervisor) => api.request<EffectReport>('GET', `/api/insights/effect?${query}`, undefined, { token });

  it("finds the planted change in passport's FCR: the interval holds the planted difference and excludes 0", async () => {
    const response = await effect(`topicKey=passport&effectiveAt=${EFFECTIVE_AT.toISOString()}&windowDays=28`);
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report).toMatchObject({
      topicKeys: ['passport'],
      rootCauseKeys: [],
      effectiveAt: EFFECTIVE_AT.toISOString(),
      windowDays: 28,
      before: { from: new Date(EFFECTIVE_AT.getTime() - 28 * DAY).toISOString(), to: EFFECTIVE_AT.toISOString() },
      after: { from: EFFECTIVE_AT.toISOString(), to: END.toISOString() },
      afterComplete: true,
      minCount: 100,
      method: expect.stringContaining("Newcombe's hybrid score interval (method 10"),
      figures: { rootCauseShare: null },
    });
    const fcr = report.figures.fcr;
    expect(fcr.before.denominator).toBeGreaterThan(1500);
    expect(fcr.after.denominator).toBeGreaterThan(1500);
    expect(fcr.ci95!.low).toBeGreaterThan(0);
    expect(fcr.ci95!.low).toBeLessThan(PLANTED_FCR_DIFFERENCE);
    expect(fcr.ci95!.high).toBeGreaterThan(PLANTED_FCR_DIFFERENCE);
    expect(fcr.verdict).toBe('improved');
    expect(fcr.difference).toBeCloseTo(fcr.after.value! - fcr.before.value!, 12);
    // The repeat-adjusted FCR moves with it; every repeat window of the history has closed, so nothing is provisional.
    expect(report.figures.repeatAdjustedFcr).toMatchObject({ verdict: 'improved', provisional: { before: 0, after: 0 } });
    // The generator sends no feedback: nothing to say about CSAT.
    expect(report.figures.csat).toMatchObject({ before: { numerator: 0, denominator: 0 }, after: { numerator: 0, denominator: 0 }, difference: null, ci95: null, verdict: 'too_few' });

    // The counts are the metrics' own: passport's row of GET /api/metrics over each window.
    for (const window of [report.before, report.after]) {
      const metrics = await api.request<MetricsReport>('GET', `/api/metrics?from=${window.from}&to=${window.to}&groupBy=topic`, undefined, { token: supervisor });
      expect(metrics.status).toBe(200);
      const passport = metrics.body.rows.find((row) => row.key.topicKey === 'passport')!.figures;
      const measured = window === report.before ? 'before' : 'after';
      expect(fcr[measured]).toEqual(passport.fcr);
      expect(report.figures.transferRate[measured]).toEqual(passport.transferRate);
    }
  });

  it('sees no change in a topic nothing was planted in: its interval includes 0', async () => {
    const response = await effect(`topicKey=lost_property&effectiveAt=${EFFECTIVE_AT.toISOString()}`, quality);
    expect(response.status).toBe(200);
    // windowDays defaults to EFFECT_WINDOW_DAYS, 28.
    expect(response.body.windowDays).toBe(28);
    const fcr = response.body.figures.fcr;
    expect(fcr.before.denominator).toBeGreaterThan(1000);
    expect(fcr.ci95!.low).toBeLessThan(0);
    expect(fcr.ci95!.high).toBeGreaterThan(0);
    expect(fcr.verdict).toBe('no_change');
  });

  it('measures the whole centre, each call once, when no topic is given', async () => {
    const response = await effect(`effectiveAt=${EFFECTIVE_AT.toISOString()}`);
    expect(response.status).toBe(200);
    expect(response.body.topicKeys).toEqual([]);
    // The centre's days of GET /api/metrics over the before window, added up.
    const { from, to } = response.body.before;
    const days = await api.request<MetricsReport>('GET', `/api/metrics?from=${from}&to=${to}&groupBy=interval&interval=1d`, undefined, { token: supervisor });
    expect(days.status).toBe(200);
    const numerator = days.body.rows.reduce((n, row) => n + row.figures.fcr.numerator, 0);
    const denominator = days.body.rows.reduce((n, row) => n + row.figures.fcr.denominator, 0);
    // About 0.85 of 10 000 calls a window end with an outcome.
    expect(denominator).toBeGreaterThan(8000);
    expect(response.body.figures.fcr.before).toEqual({ numerator, denominator, value: numerator / denominator });
  });

  it('says too_few for a window with too few calls, and while the after window is shorter than asked', async () => {
    // Three days of firearms (5 % of calls): an interval, but under the minimum of 100.
    const small = await effect(`topicKey=firearms&effectiveAt=${EFFECTIVE_AT.toISOString()}&windowDays=3`);
    expect(small.status).toBe(200);
    const fcr = small.body.figures.fcr;
    expect(fcr.before.denominator).toBeGreaterThan(0);
    expect(fcr.after.denominator).toBeLessThan(100);
    expect(fcr.ci95).not.toBeNull();
    expect(fcr.verdict).toBe('too_few');

    // Two days ago, four weeks asked: both windows two days long, and nothing to tell yet.
    const effectiveAt = new Date(Date.now() - 2 * DAY);
    const recent = await effect(`topicKey=passport&topicKey=lost_property&effectiveAt=${effectiveAt.toISOString()}&windowDays=28`);
    expect(recent.status).toBe(200);
    expect(recent.body.afterComplete).toBe(false);
    expect(recent.body.topicKeys).toEqual(['lost_property', 'passport']);
    const before = recent.body.before;
    const after = recent.body.after;
    expect(before.to).toBe(effectiveAt.toISOString());
    expect(new Date(after.to).getTime() - new Date(after.from).getTime()).toBe(new Date(before.to).getTime() - new Date(before.from).getTime());
    for (const figure of Object.values(recent.body.figures)) if (figure) expect(figure.verdict).toBe('too_few');
  });

  it("counts the addressed root causes' share of done reviews of the addressed topics' calls in each window", async () => {
    // Done reviews of passport calls: three before the change (two with wrong_ivr_choice), two after (none with it); one of a firearms call, not counted.
    const review = (topic: string, from: Date, to: Date, count: number, rootCauses: string[]) =>
      env.db.query(
        `INSERT INTO reviews (call_id, causes, status, topic_id, reviewed_at, root_causes)
         SELECT c.id, '{random_sample}', 'done', c.topic_id, now(), $4::text[] FROM calls c JOIN topics t ON t.id = c.topic_id
          WHERE t.key = $1 AND c.arrived_at >= $2 AND c.arrived_at < $3 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.call_id = c.id)
          ORDER BY c.arrived_at LIMIT $5`,
        [topic, from, to, rootCauses, count],
      );
    const beforeStart = new Date(EFFECTIVE_AT.getTime() - 28 * DAY);
    await review('passport', beforeStart, EFFECTIVE_AT, 2, ['wrong_ivr_choice', 'tone']);
    await review('passport', beforeStart, EFFECTIVE_AT, 1, ['system_problem']);
    await review('passport', EFFECTIVE_AT, END, 2, ['system_problem']);
    await review('firearms', EFFECTIVE_AT, END, 1, ['wrong_ivr_choice']);
    const response = await effect(`topicKey=passport&rootCause=wrong_ivr_choice&effectiveAt=${EFFECTIVE_AT.toISOString()}`);
    expect(response.status).toBe(200);
    expect(response.body.rootCauseKeys).toEqual(['wrong_ivr_choice']);
    expect(response.body.figures.rootCauseShare).toMatchObject({
      before: { numerator: 2, denominator: 3 },
      after: { numerator: 0, denominator: 2 },
      better: 'lower',
      difference: expect.closeTo(-2 / 3, 12),
      verdict: 'too_few',
    });
  });

  it('is for supervisors, quality leads and administrators only', async () => {
    const agent = await signIn(api, (await agentsFor(env, 'passport'))[0]!);
    expect((await effect(`topicKey=passport&effectiveAt=${EFFECTIVE_AT.toISOString()}`, agent.token)).status).toBe(403);
    expect((await api.request('GET', `/api/insights/effect?topicKey=passport&effectiveAt=${EFFECTIVE_AT.toISOString()}`)).status).toBe(401);
  });

  describe('bad input is refused and changes nothing', () => {
    let before: Record<string, string>;
    beforeAll(async () => {
      before = await env.fingerprint();
    });

    const at = () => EFFECTIVE_AT.toISOString();
    it.each([
      { name: 'no effectiveAt', query: () => 'topicKey=passport', message: /effectiveAt must be an ISO-8601 date-time/ },
      { name: 'effectiveAt not a date', query: () => 'topicKey=passport&effectiveAt=yesterday', message: /effectiveAt must be an ISO-8601 date-time/ },
      { name: 'effectiveAt in the future', query: () => `topicKey=passport&effectiveAt=${new Date(Date.now() + DAY).toISOString()}`, message: /effectiveAt must be in the past/ },
      { name: 'windowDays 0', query: () => `topicKey=passport&effectiveAt=${at()}&windowDays=0`, message: /windowDays must be at least 1/ },
      { name: 'windowDays too long', query: () => `topicKey=passport&effectiveAt=${at()}&windowDays=366`, message: /windowDays must be at most 365/ },
      { name: 'windowDays not a number', query: () => `topicKey=passport&effectiveAt=${at()}&windowDays=4w`, message: /windowDays must be a whole number/ },
      { name: 'topicKey malformed', query: () => `topicKey=Pass%20port&effectiveAt=${at()}`, message: /topicKey must be a topic key/ },
      { name: 'topicKey unknown', query: () => `topicKey=passport&topicKey=weather&effectiveAt=${at()}`, message: /Unknown topicKey "weather"/ },
      { name: 'rootCause unknown', query: () => `topicKey=passport&rootCause=bad_luck&effectiveAt=${at()}`, message: /Unknown rootCause "bad_luck"/ },
      { name: 'a parameter it does not know', query: () => `topicKey=passport&effectiveAt=${at()}&from=${at()}`, message: /property from should not exist/ },
    ])('$name → 400', async ({ query, message }) => {
      const response = await effect(query());
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.any(String) });
      expect([(response.body as unknown as { message: string | string[] }).message].flat().join('; ')).toMatch(message);
    });

    it('leaves every table as it was', async () => {
      expect(await env.fingerprint()).toEqual(before);
    });
  });

  describe("an improvement action's effect, measured from when it took effect and kept on the action", () => {
    const actions = (method: string, path: string, body?: unknown, token = quality) => api.request<ImprovementActionDetail>(method, `/api/improvement-actions${path}`, body, { token });
    /** A done action on `topicKey` that took effect at the planted change. */
    const doneAction = async (topicKey: string, title: string): Promise<string> => {
      const created = await actions('POST', '', {
        title,
        description: 'What changes for the callers of the topic',
        kind: 'closing_guidance',
        dueAt: new Date(EFFECTIVE_AT.getTime() + 7 * DAY).toISOString(),
        origin: 'insight',
        originInsight: { from: new Date(EFFECTIVE_AT.getTime() - 28 * DAY).toISOString(), to: EFFECTIVE_AT.toISOString(), topicKey },
        topicKeys: [topicKey],
      });
      expect(created.status).toBe(201);
      expect((await actions('PATCH', `/${created.body.id}`, { status: 'in_progress' })).status).toBe(200);
      const done = await actions('PATCH', `/${created.body.id}`, { status: 'done', result: 'Done as planned', effectiveAt: EFFECTIVE_AT.toISOString() });
      expect(done.status).toBe(200);
      return created.body.id;
    };
    const effectOf = (id: string, token = quality) => api.request<ImprovementActionEffectView>('GET', `/api/improvement-actions/${id}/effect`, undefined, { token });
    const byEffect = () => api.request<ImprovementActionsByEffect>('GET', '/api/improvement-actions/by-effect', undefined, { token: supervisor });
    const measuredAt = async (id: string) => (await env.db.query<{ at: Date | null }>(`SELECT effect_measured_at AS at FROM improvement_actions WHERE id = $1`, [id])).rows[0]!.at;
    let passportAction: string;
    let controlAction: string;
    let unmeasuredAction: string;

    beforeAll(async () => {
      passportAction = await doneAction('passport', 'Passport: closing guidance');
      controlAction = await doneAction('lost_property', 'Lost property: a new form');
      unmeasuredAction = await doneAction('firearms', 'Firearms: IVR text');
    });

    it('is the effect measurement of its topics from its effectiveAt, kept and not measured again once settled', async () => {
      const response = await effectOf(passportAction);
      expect(response.status).toBe(200);
      const direct = await effect(`topicKey=passport&effectiveAt=${EFFECTIVE_AT.toISOString()}`);
      expect(response.body.actionId).toBe(passportAction);
      expect(response.body.report.figures).toEqual(direct.body.figures);
      expect(response.body.report).toMatchObject({ topicKeys: ['passport'], effectiveAt: EFFECTIVE_AT.toISOString(), windowDays: 28 });
      expect(response.body.report.figures.fcr.verdict).toBe('improved');
      const kept = await measuredAt(passportAction);
      expect(kept!.toISOString()).toBe(response.body.measuredAt);
      // Its windows closed long ago: the kept measurement is given again, not taken again.
      const again = await effectOf(passportAction);
      expect(again.body.measuredAt).toBe(response.body.measuredAt);
      expect((await measuredAt(passportAction))!.toISOString()).toBe(response.body.measuredAt);
    });

    it('lists done actions by effect: improved first, then no change, then those not measured yet', async () => {
      expect((await effectOf(controlAction)).body.report.figures.fcr.verdict).toBe('no_change');
      const list = await byEffect();
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((item) => item.id)).toEqual([passportAction, controlAction, unmeasuredAction]);
      expect(list.body.items[0]).toMatchObject({ title: 'Passport: closing guidance', topicKeys: ['passport'], effectiveAt: EFFECTIVE_AT.toISOString(), fcr: { verdict: 'improved' } });
      expect(list.body.items[2]).toMatchObject({ measuredAt: null, fcr: null });
    });

    it('measures, without anyone asking, the actions never measured and those measured while their figures could still move', async () => {
      const effects = env.instances[0]!.app.get(ImprovementEffects);
      expect(await effects.refreshStale(10)).toBe(1);
      expect(await measuredAt(unmeasuredAction)).not.toBeNull();
      expect(await effects.refreshStale(10)).toBe(0);
      // A measurement taken before the figures settled (window + repeat window + a day) is taken again.
      const early = new Date(EFFECTIVE_AT.getTime() + 30 * DAY);
      await env.db.query(`UPDATE improvement_actions SET effect_measured_at = $2 WHERE id = $1`, [controlAction, early]);
      expect(await effects.refreshStale(10)).toBe(1);
      expect((await measuredAt(controlAction))!.getTime()).toBeGreaterThan(early.getTime());
      // One taken after they settled stands for good, however old.
      const settled = new Date(EFFECTIVE_AT.getTime() + 40 * DAY);
      await env.db.query(`UPDATE improvement_actions SET effect_measured_at = $2 WHERE id = $1`, [controlAction, settled]);
      expect(await effects.refreshStale(10)).toBe(0);
      expect(await measuredAt(controlAction)).toEqual(settled);
    });

    it('is refused for an action not done, an unknown or malformed id, and agents; changing nothing', async () => {
      const agentToken = (await signIn(api, (await agentsFor(env, 'passport'))[0]!)).token;
      const open = await actions('POST', '', {
        title: 'Not done yet',
        description: 'Planned',
        kind: 'training',
        dueAt: new Date(Date.now() + DAY).toISOString(),
        origin: 'insight',
        originInsight: { from: EFFECTIVE_AT.toISOString(), to: END.toISOString() },
        topicKeys: ['passport'],
      });
      expect(open.status).toBe(201);
      const before = await env.fingerprint();
      expect((await effectOf(open.body.id)).status).toBe(409);
      expect((await effectOf('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await effectOf('not-an-id')).status).toBe(400);
      expect((await effectOf(passportAction, agentToken)).status).toBe(403);
      expect((await api.request('GET', '/api/improvement-actions/by-effect', undefined, { token: agentToken })).status).toBe(403);
      expect((await api.request('GET', '/api/improvement-actions/by-effect?limit=0', undefined, { token: supervisor })).status).toBe(400);
      expect(await env.fingerprint()).toEqual(before);
    });
  });
});
