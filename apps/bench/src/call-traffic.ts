import type pg from 'pg';
import { TELEPHONY_KEY, type BenchAgent } from './bench-environment.js';

const TOPICS = ['passport', 'firearms', 'lost_property', 'report_offence', 'case_status', 'tips', 'foreigners', 'driving_licence', 'police_certificate', 'other'];

async function post(url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * Plays the telephony platform and the agents against the api. Offers are picked up from the
 * database (until consoles have their socket, this stands in for 500 consoles listening), and each
 * is answered at once: accept, end, outcome — so the api, not the agents, sets the pace.
 */
export class CallTraffic {
  private sequence = 0;
  private readonly inHand = new Set<string>();
  private readonly done = new Map<string, () => void>();
  private watching = false;
  completed = 0;
  failed = 0;

  constructor(
    private readonly apis: string[],
    private readonly db: pg.Pool,
    private readonly agents: Map<string, BenchAgent>,
  ) {}

  private api(): string {
    return this.apis[this.sequence % this.apis.length]!;
  }

  /** A call arrives; resolves with its id once the api has answered. */
  async arrive(): Promise<string> {
    const n = ++this.sequence;
    const response = await post(`${this.api()}/api/telephony/calls`, { 'x-api-key': TELEPHONY_KEY }, {
      externalId: `bench-${n}`,
      callerNumber: `+479${String(1_000_000 + (n % 8_000_000))}`,
      topicKey: TOPICS[n % TOPICS.length],
      language: 'nb',
    });
    if (response.status !== 201) throw new Error(`call ${n}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { callId: string }).callId;
  }

  /** Resolves when the call has been completed by its agent. */
  completion(callId: string): Promise<void> {
    return new Promise((resolve) => this.done.set(callId, resolve));
  }

  /** Watches for offers and works each one through to its outcome, until stopped. */
  async watch(): Promise<void> {
    this.watching = true;
    while (this.watching) {
      const { rows } = await this.db.query<{ id: string; agent_id: string }>(`SELECT id, agent_id FROM calls WHERE state = 'offered'`);
      for (const { id, agent_id } of rows) {
        if (this.inHand.has(id)) continue;
        this.inHand.add(id);
        void this.work(id, this.agents.get(agent_id)!).finally(() => this.inHand.delete(id));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): void {
    this.watching = false;
  }

  private async work(callId: string, agent: BenchAgent): Promise<void> {
    const headers = { authorization: `Bearer ${agent.token}` };
    const base = this.api();
    for (const [action, body] of [['accept'], ['end'], ['outcome', { outcome: 'resolved', expectationAligned: true }]] as const) {
      const response = await post(`${base}/api/calls/${callId}/${action}`, headers, body);
      if (response.status !== 200) {
        this.failed++;
        return;
      }
    }
    this.completed++;
    this.done.get(callId)?.();
    this.done.delete(callId);
  }
}
