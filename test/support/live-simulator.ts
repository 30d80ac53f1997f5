/** The live simulator against a real api and worker, as a test per way platform events reach it (feed, webhook): one spec file each, so jest can run them side by side. */
import type { EscalationStep } from '@fc/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fifoViolations, readFifoInput } from './fifo-order.js';
import { checkJourneyInvariants, idleWhileWaiting } from './journey-invariants.js';
import { TELEPHONY_KEY, TestEnvironment, freePort } from './test-environment.js';

const SCALE = 10;
const AGENTS = 40;
const WEBHOOK_SECRET = 'sim-webhook-secret-0123456789-0123456789';
/**
 * One try per callback: an unanswered one is unreachable at once (terminal), so no callback is left
 * waiting for a next try when the run ends and every call's journey is over for the checks.
 */
const CALLBACK_ENV = {
  CALLBACK_MAX_ATTEMPTS: '1',
  // A long abandon's callback is a call the platform hears of only when it is first offered: one the
  // api made as the run ended would stay queued, unknown to the simulator. The callbacks here are virtual holds.
  LONG_ABANDON_SEC: '3600',
};

interface SimulatorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built simulator as its own process, as a user runs it. */
function simulate(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<SimulatorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['apps/simulator/dist/main.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the simulator did not finish within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What the summary's JSON holds that this test reads. */
interface Summary {
  stoppedBy: string;
  agents: number;
  calls: { placed: number; answered: number; completed: number; abandoned: number; callbacks: number; transfers: number; hungUpAtClose: number; outcomes: Record<string, number> };
  requests: { sent: number; errors: number; lastError: string | null };
  platformEvents: { mode: string; events: number; repeats: number; refused: number };
  callbackDials: { dialled: number; answered: number; unanswered: number; unreachable: number };
  waitEstimates: Record<string, { estimates: number; meanAbsErrorSec: number | null }>;
  invariants: { calls: number; offers: number; doubleOffers: string[]; overlappingHolds: string[]; badTerminals: string[]; scheduled: string[]; unreadable: string[]; ok: boolean };
  ok: boolean;
}

/**
 * The platform events reach the simulator as a platform chooses: read from the replay feed, or
 * pushed by the worker to the simulator's webhook (TELEPHONY_WEBHOOK_URL, signed with the secret
 * the simulator is given in its environment).
 */
export function describeLiveSimulator(mode: 'feed' | 'webhook', durationSec: number): void {
  /** A count the test expects of a 180 s run, for this run's length: traffic is steady through the simulated half hour. */
  const forDuration = (countIn180Sec: number) => Math.floor((countIn180Sec * durationSec) / 180);
  describe(`the live simulator: ${durationSec} s at ×${SCALE} with ${AGENTS} agents against the api and worker, platform events by ${mode}`, () => {
    let env: TestEnvironment;
    let baseUrl: string;
    let webhookPort = 0;

    beforeAll(async () => {
      env = await TestEnvironment.create();
      // The api and the worker as production runs them: their own processes, on this test's database and Redis prefix.
      baseUrl = (await env.spawnApi(CALLBACK_ENV)).api.baseUrl;
      if (mode === 'webhook') {
        webhookPort = await freePort();
        // Only the worker delivers; until the simulator listens its deliveries fail and are retried soon.
        await env.spawnWorker({
          ...CALLBACK_ENV,
          TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/platform-events`,
          TELEPHONY_WEBHOOK_SECRET: WEBHOOK_SECRET,
          TELEPHONY_WEBHOOK_RETRY_BASE_MS: '200',
        });
      } else await env.spawnWorker(CALLBACK_ENV);
      // Escalation runs in real time while callers' patience is scaled by 10: with the demo's callback
      // step at 120 s hardly a caller would live to be offered one. At 10 s many do, so callbacks are played too.
      const { rows } = await env.db.query<{ id: string; escalation_steps: EscalationStep[] }>('SELECT id, escalation_steps FROM topics');
      for (const topic of rows) {
        const steps = topic.escalation_steps.map((step) => (step.offerCallback ? { ...step, afterSec: Math.min(step.afterSec, 10) } : step)).sort((a, b) => a.afterSec - b.afterSec);
        await env.db.query('UPDATE topics SET escalation_steps = $2 WHERE id = $1', [topic.id, JSON.stringify(steps)]);
      }
    });
    afterAll(() => env.close());

    it(
      'places, answers, transfers and loses calls, and every routing invariant holds',
      async () => {
        const run = await simulate(
          // A fifth more calls than the demo day's busiest hour (about 430 an hour), so queues form and FIFO and callbacks are put to work.
          [
            'live',
            '--api',
            baseUrl,
            '--scale',
            String(SCALE),
            '--duration',
            String(durationSec),
            '--agents',
            String(AGENTS),
            '--volume',
            '1.2',
            '--drain',
            '30',
            '--telephony-key',
            TELEPHONY_KEY,
            '--json',
            '--progress-every',
            '30',
            '--platform-events',
            mode,
            '--webhook-port',
            String(webhookPort || 3002),
          ],
          (durationSec + 240) * 1000,
          mode === 'webhook' ? { ...process.env, TELEPHONY_WEBHOOK_SECRET: WEBHOOK_SECRET } : process.env,
        );
        process.stdout.write(`\n${run.stderr}\n`);
        const summary = JSON.parse(run.stdout) as Summary;

        // Every invariant, from the simulator's own check (through the api) and from the database, in
        // one comparison so that a broken run shows all its findings at once.
        const report = await checkJourneyInvariants(env.db);
        const { rows: notOffline } = await env.db.query<{ username: string; state: string }>(
          `SELECT u.username, a.state FROM agents a JOIN users u ON u.id = a.user_id WHERE a.state <> 'offline' ORDER BY u.username`,
        );
        const idle = await idleWhileWaiting(env.db, await strictQualification(env));
        const fifo = fifoViolations(await readFifoInput(env.db));
        process.stdout.write(`\nFIFO: ${JSON.stringify({ ...fifo, violations: fifo.violations.length })}; idle while waiting: ${idle.length}\n`);
        expect({
          exitStatus: run.code,
          simulatorCheck: summary.invariants,
          journeys: { calls: report.calls, doubleOffers: report.doubleOffers, overlappingHolds: report.overlappingHolds, badTerminals: report.badTerminals },
          // Logged off at the end, every one.
          agentsNotOffline: notOffline,
          // No call waited while an agent who qualified for it at every step of its escalation sat idle for longer than a round.
          idleWhileWaiting: idle,
          // FIFO among calls with the same requirement and priority.
          fifoViolations: fifo.violations,
        }).toEqual({
          exitStatus: 0,
          simulatorCheck: { calls: report.calls, offers: report.offers, doubleOffers: [], overlappingHolds: [], badTerminals: [], scheduled: [], unreadable: [], ok: true },
          journeys: { calls: summary.invariants.calls, doubleOffers: [], overlappingHolds: [], badTerminals: [] },
          agentsNotOffline: [],
          idleWhileWaiting: [],
          fifoViolations: [],
        });

        // Real traffic: the simulated half hour from 11:00 brings about 215 callers at this volume (180 s at ×10).
        expect(summary.stoppedBy).toBe('duration');
        expect(summary.agents).toBe(AGENTS);
        expect(summary.calls.placed).toBeGreaterThan(forDuration(150));
        expect(summary.calls.completed).toBeGreaterThan(forDuration(100));
        expect(summary.calls.answered).toBeGreaterThanOrEqual(summary.calls.completed);
        expect(summary.calls.transfers).toBeGreaterThan(0);
        expect(summary.calls.abandoned).toBeGreaterThan(0);
        expect(summary.calls.callbacks).toBeGreaterThan(0);
        expect(summary.requests.errors).toBe(0);
        expect(summary.ok).toBe(true);
        // The checks had something to check: queues formed, and calls were served in order while others waited.
        expect(fifo.roundsWithOffers).toBeGreaterThan(forDuration(100));
        expect(fifo.orderedPairs).toBeGreaterThan(0);

        // Callbacks are calls: the platform (the simulator) dialled their callers, most answered and
        // talked to the agent who had accepted, the others were unreachable after their one try.
        const { rows: dials } = await env.db.query<{ started: number; answered: number; talked: number; unreachable: number }>(
          `SELECT (SELECT count(*)::int FROM call_events WHERE type = 'dial_started') AS started,
                (SELECT count(*)::int FROM call_events WHERE type = 'dial_answered') AS answered,
                (SELECT count(DISTINCT e.call_id)::int FROM call_events e JOIN call_events a ON a.call_id = e.call_id AND a.type = 'dial_answered'
                  WHERE e.type = 'outcome_recorded') AS talked,
                (SELECT count(*)::int FROM calls WHERE direction = 'callback' AND state = 'unreachable') AS unreachable`,
        );
        process.stdout.write(
          `\n${mode}: callback dials ${JSON.stringify(summary.callbackDials)}; in the database ${JSON.stringify(dials[0])}; platform events ${JSON.stringify(summary.platformEvents)}\n`,
        );
        process.stdout.write(`${mode}: estimated wait MAE per topic ${JSON.stringify(summary.waitEstimates)}\n`);
        expect(summary.platformEvents).toMatchObject({ mode, refused: 0 });
        expect(summary.platformEvents.events).toBeGreaterThan(summary.calls.placed);
        expect(summary.callbackDials.dialled).toBeGreaterThan(0);
        expect(summary.callbackDials.dialled).toBeLessThanOrEqual(dials[0]!.started);
        expect(summary.callbackDials.answered).toBeGreaterThan(0);
        expect(summary.callbackDials.answered + summary.callbackDials.unanswered).toBeLessThanOrEqual(summary.callbackDials.dialled);
        expect({ answered: summary.callbackDials.answered, unreachable: summary.callbackDials.unreachable }).toEqual({ answered: dials[0]!.answered, unreachable: dials[0]!.unreachable });
        // With one try allowed, every unanswered dial is the last.
        expect(summary.callbackDials.unreachable).toBe(summary.callbackDials.unanswered);
        // Connected: the agent talked with the caller who answered and recorded the outcome.
        expect(dials[0]!.talked).toBeGreaterThan(0);
      },
      (durationSec + 300) * 1000,
    );
  });
}

/**
 * Whether an agent qualified for a call at every step of its escalation, in every topic it queued
 * for: the topic's skill at the strictest minimum proficiency of the topic and its steps, and the
 * call's language. Agents who passed the call on are left out for it, as routing leaves them out.
 */
async function strictQualification(env: TestEnvironment): Promise<(agentId: string, callId: string) => boolean> {
  const { rows: topics } = await env.db.query<{ key: string; skill: string; min_proficiency: number; escalation_steps: EscalationStep[] }>(
    'SELECT t.key, s.key AS skill, t.min_proficiency, t.escalation_steps FROM topics t JOIN skills s ON s.id = t.skill_id',
  );
  const strictest = new Map(topics.map((t) => [t.key, { skill: t.skill, min: Math.max(t.min_proficiency, ...t.escalation_steps.map((s) => s.minProficiency ?? 0)) }]));
  const { rows: skillRows } = await env.db.query<{ agent_id: string; key: string; proficiency: number }>(
    'SELECT a.agent_id, s.key, a.proficiency FROM agent_skills a JOIN skills s ON s.id = a.skill_id',
  );
  const skills = new Map<string, Map<string, number>>();
  for (const r of skillRows) skills.set(r.agent_id, (skills.get(r.agent_id) ?? new Map()).set(r.key, r.proficiency));
  // The call's row names its topic now; its events name the earlier ones (a callback's queued event names none).
  const { rows: calls } = await env.db.query<{ id: string; language: string; topic_key: string }>('SELECT c.id, c.language, t.key AS topic_key FROM calls c JOIN topics t ON t.id = c.topic_id');
  const { rows: events } = await env.db.query<{ call_id: string; type: string; agent_id: string | null; data: { topicKey?: string; toTopicKey?: string; to?: string } }>(
    `SELECT call_id, type, agent_id, data FROM call_events WHERE type IN ('queued', 'transferred')`,
  );
  const topicsOf = new Map<string, Set<string>>(calls.map((c) => [c.id, new Set([c.topic_key])]));
  const passedOnBy = new Map<string, Set<string>>();
  for (const e of events) {
    const topic = e.type === 'queued' ? e.data.topicKey : e.data.to === 'topic' ? e.data.toTopicKey : undefined;
    if (topic) topicsOf.set(e.call_id, (topicsOf.get(e.call_id) ?? new Set()).add(topic));
    if (e.type === 'transferred' && e.agent_id) passedOnBy.set(e.call_id, (passedOnBy.get(e.call_id) ?? new Set()).add(e.agent_id));
  }
  const languageOf = new Map(calls.map((c) => [c.id, `lang:${c.language}`]));
  return (agentId, callId) => {
    const own = skills.get(agentId);
    if (!own?.has(languageOf.get(callId)!) || passedOnBy.get(callId)?.has(agentId)) return false;
    return [...(topicsOf.get(callId) ?? [])].every((key) => {
      const need = strictest.get(key)!;
      return (own.get(need.skill) ?? 0) >= need.min;
    });
  };
}
