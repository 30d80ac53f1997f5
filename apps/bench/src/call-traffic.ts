import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@fc/contracts';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { TELEPHONY_KEY, type BenchAgent } from './bench-environment.js';

const TOPICS = ['passport', 'firearms', 'lost_property', 'report_offence', 'case_status', 'tips', 'foreigners', 'driving_licence', 'police_certificate', 'other'];

/**
 * The bench's callers and agents share the machine's cores with the api and PostgreSQL, and every
 * millisecond they spend is one the product under test does not get. `fetch` cost them about twice
 * what `node:http` does per request (docs/decisions/0062), so they send with `node:http` on
 * kept-alive connections. A connection left idle is closed after 4 s, before the api's own 5 s
 * keep-alive timeout, so that no request goes out on a connection the api is closing.
 */
const connections = new Agent({ keepAlive: true, timeout: 4_000 });

/** An api's answer: its status and its body as text. */
interface Answer {
  status: number;
  text: string;
}

function send(method: 'POST' | 'PUT', url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, agent: connections, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(payload);
  });
}

/** A JSON body as an object, or an empty one when it is not JSON. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Now in epoch ms, with `performance.now()`'s fraction of a millisecond. */
const epochMs = () => performance.timeOrigin + performance.now();

const post = (url: string, headers: Record<string, string>, body?: unknown) => send('POST', url, headers, body);

/** Makes every agent available, 50 requests at a time spread over the api processes. */
export async function makeAvailable(apis: readonly string[], agents: readonly BenchAgent[]): Promise<void> {
  for (let i = 0; i < agents.length; i += 50) {
    await Promise.all(agents.slice(i, i + 50).map((a, j) => send('PUT', `${apis[(i + j) % apis.length]}/api/agents/me/state`, { authorization: `Bearer ${a.token}` }, { state: 'available' })));
  }
}

/**
 * Plays the telephony platform and the agents against the api. Each agent listens on its own
 * `/agent` socket, as a console does, and answers every offer at once: accept, end, outcome — so
 * the api, not the agents, sets the pace.
 */
export class CallTraffic {
  private sequence = 0;
  private readonly inHand = new Set<string>();
  private readonly done = new Map<string, () => void>();
  /** Calls completed before anybody waited for them: an arrival's answer can reach this process after its agent's last action. */
  private readonly completedUnawaited = new Set<string>();
  private readonly sockets: Socket<AgentServerToClientEvents, AgentClientToServerEvents>[] = [];
  /** Set by `stop`: actions cut off after it are not counted as failures. */
  private stopped = false;
  completed = 0;
  failed = 0;
  /** Failed agent actions by action, status and the api's reason: what a bench reports about `failed`. */
  readonly failures = new Map<string, number>();
  /**
   * From {@link arriveAtRate} until {@link takeOfferDeliveries}: when each call's arrival was sent,
   * and when its first offer reached an agent's socket, in epoch ms (the machine's clock, which
   * PostgreSQL's `now()` reads too).
   */
  private readonly arrivalSentAt = new Map<string, number>();
  private readonly offerReceivedAt = new Map<string, number>();
  private recording = false;

  constructor(
    private readonly apis: string[],
    private readonly agents: Map<string, BenchAgent>,
  ) {}

  private api(): string {
    return this.apis[this.sequence % this.apis.length]!;
  }

  /** A call arrives; resolves with its id once the api has answered. */
  async arrive(): Promise<string> {
    const n = ++this.sequence;
    const sentAt = epochMs();
    const response = await post(
      `${this.api()}/api/telephony/calls`,
      { 'x-api-key': TELEPHONY_KEY },
      {
        externalId: `bench-${n}`,
        callerNumber: `+479${String(1_000_000 + (n % 8_000_000))}`,
        topicKey: TOPICS[n % TOPICS.length],
        language: 'nb',
      },
    );
    if (response.status !== 201) throw new Error(`call ${n}: ${response.status} ${response.text}`);
    const { callId } = JSON.parse(response.text) as { callId: string };
    if (this.recording) this.arrivalSentAt.set(callId, sentAt);
    return callId;
  }

  /** How many of `callIds` have had an offer reach an agent's socket since {@link arriveAtRate}. */
  offersReceived(callIds: readonly string[]): number {
    return callIds.reduce((count, callId) => count + (this.offerReceivedAt.has(callId) ? 1 : 0), 0);
  }

  /**
   * For each of `callIds` (calls of {@link arriveAtRate}) whose offer reached an agent's socket:
   * when its arrival's request left this process and when the offer came, in epoch ms. Stops
   * recording, and forgets them.
   */
  takeOfferDeliveries(callIds: readonly string[]): Map<string, { sentAt: number; receivedAt: number }> {
    this.recording = false;
    const delivered = new Map<string, { sentAt: number; receivedAt: number }>();
    for (const callId of callIds) {
      const sentAt = this.arrivalSentAt.get(callId);
      const receivedAt = this.offerReceivedAt.get(callId);
      if (sentAt !== undefined && receivedAt !== undefined) delivered.set(callId, { sentAt, receivedAt });
    }
    this.arrivalSentAt.clear();
    this.offerReceivedAt.clear();
    return delivered;
  }

  /**
   * `total` calls arrive at `callsPerSec`, each on its schedule whatever the answers to earlier
   * ones; resolves with their ids once every one is answered, and the rate achieved.
   */
  async arriveAtRate(callsPerSec: number, total: number): Promise<{ callIds: string[]; callsPerSec: number }> {
    const callIds: string[] = [];
    // Offers may reach an agent before the arrival's answer reaches this process: both are kept until taken.
    this.recording = true;
    const started = Date.now();
    const arrivals: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / callsPerSec;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      arrivals.push(this.arrive().then((id) => void callIds.push(id)));
      if (i % callsPerSec === 0) process.stderr.write(`\r  ${i}/${total} calls`);
    }
    await Promise.all(arrivals);
    process.stderr.write(`\r  ${total}/${total} calls\n`);
    return { callIds, callsPerSec: total / ((Date.now() - started) / 1000) };
  }

  /**
   * Resolves when the call has been completed by its agent, or after `timeoutMs`: then it counts as
   * a failure, so that one lost call is reported rather than waited for forever.
   */
  completion(callId: string, timeoutMs = 60_000): Promise<void> {
    if (this.completedUnawaited.delete(callId)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.done.delete(callId);
        this.fail(`not completed within ${timeoutMs / 1000} s`);
        resolve();
      }, timeoutMs);
      this.done.set(callId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Connects every agent's socket; resolves once each has its state. Offers are worked as they come. */
  async listen(): Promise<void> {
    let ready = 0;
    [...this.agents.values()].forEach((agent, i) => {
      const socket: Socket<AgentServerToClientEvents, AgentClientToServerEvents> = io(`${this.apis[i % this.apis.length]}/agent`, {
        transports: ['websocket'],
        auth: { token: agent.token },
        forceNew: true,
      });
      socket.once('state', () => ready++);
      socket.on('offer', ({ callId }) => {
        if (this.recording && !this.offerReceivedAt.has(callId)) this.offerReceivedAt.set(callId, epochMs());
        if (this.inHand.has(callId)) return;
        this.inHand.add(callId);
        void this.work(callId, agent)
          // An action cut off as the api processes stop after the run is no failure of theirs.
          .catch((error: unknown) => {
            if (!this.stopped) this.fail(`network ${(error as Error).message}`);
          })
          .finally(() => this.inHand.delete(callId));
      });
      this.sockets.push(socket);
    });
    for (let waited = 0; ready < this.agents.size && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    if (ready < this.agents.size) throw new Error(`only ${ready} of ${this.agents.size} agent sockets connected`);
  }

  stop(): void {
    this.stopped = true;
    for (const socket of this.sockets.splice(0)) socket.close();
  }

  /** Counts a failed agent action, by what failed and why. */
  private fail(why: string): void {
    this.failed++;
    this.failures.set(why, (this.failures.get(why) ?? 0) + 1);
  }

  private async work(callId: string, agent: BenchAgent): Promise<void> {
    const headers = { authorization: `Bearer ${agent.token}` };
    const base = this.api();
    for (const [action, body] of [['accept'], ['end'], ['outcome', { outcome: 'resolved', expectationAligned: true }]] as const) {
      const response = await post(`${base}/api/calls/${callId}/${action}`, headers, body);
      if (response.status !== 200) {
        const answer = parsed(response.text) as { code?: string; message?: string | string[] };
        this.fail(`${action} ${response.status} ${answer.code ?? String(answer.message ?? '').slice(0, 80)}`);
        return;
      }
    }
    this.completed++;
    const waiter = this.done.get(callId);
    this.done.delete(callId);
    // Kept for a waiter yet to come (calls of `arriveAtRate` have none: a few thousand ids a run).
    if (waiter) waiter();
    else this.completedUnawaited.add(callId);
  }
}
