import { AgentState, CallState, type FloorAgentView, type FloorCallView, type FloorSnapshot, type QueueView } from '@fc/contracts';

import { isTerminal } from './call-journey.js';
import { isCallbackNotReached } from './callback-policy.js';

/** What a queue view says about its topic, as opposed to what it counts. */
export type QueueTopic = Pick<QueueView, 'topicKey' | 'nameNb' | 'nameEn' | 'serviceLevelTargetSec' | 'serviceLevelTargetPct'>;

/** An agent's states while a call holds them: busy for a wait estimate. */
const TAKEN_STATES: ReadonlySet<AgentState> = new Set([AgentState.Reserved, AgentState.OnCall, AgentState.WrapUp]);

/** Terminal calls remembered so a late, older version cannot bring one back. */
const MAX_TOMBSTONES = 50_000;

/**
 * The live floor (DESIGN §5): the calls not yet finished, the agents, and the queues derived from
 * them. Built from a snapshot and kept current by versioned changes; a change older than what the
 * model holds is ignored, so applying the same stream twice, or a change that arrives late, cannot
 * make it stale. The api keeps one per process to serve snapshots; clients keep one to draw the floor.
 */
export class FloorModel {
  private topics: QueueTopic[] = [];
  private readonly calls = new Map<string, FloorCallView>();
  private readonly agents = new Map<string, FloorAgentView>();
  private readonly finished = new Map<string, number>();
  /** Each topic's counts, kept as calls change (by topic key): a change costs the same however full the floor. */
  private readonly tallies = new Map<string, QueueTally>();
  /**
   * The agents holding each skill, with their proficiency, kept as agents change: a wait
   * estimate's staff count walks one topic's holders, not the floor and every agent's skills.
   */
  private readonly holders = new Map<string, Map<string, number>>();

  /** A floor of these topics, calls and agents (each as read, or from a snapshot). */
  static of(floor: { topics: readonly QueueTopic[]; calls: readonly FloorCallView[]; agents: readonly FloorAgentView[] }): FloorModel {
    const model = new FloorModel();
    model.setTopics(floor.topics);
    for (const call of floor.calls) model.applyCall(call);
    for (const agent of floor.agents) model.applyAgent(agent);
    return model;
  }

  static fromSnapshot(snapshot: FloorSnapshot): FloorModel {
    return FloorModel.of({ topics: snapshot.queues, calls: snapshot.calls, agents: snapshot.agents });
  }

  /** The topics whose queues are shown, in display order. */
  setTopics(topics: readonly QueueTopic[]): void {
    this.topics = topics.map(({ topicKey, nameNb, nameEn, serviceLevelTargetSec, serviceLevelTargetPct }) => ({ topicKey, nameNb, nameEn, serviceLevelTargetSec, serviceLevelTargetPct }));
  }

  /** Applies a call's change; false when the model already has this version or a newer one. */
  applyCall(call: FloorCallView): boolean {
    const held = this.calls.get(call.id);
    const known = held?.version ?? this.finished.get(call.id) ?? 0;
    if (call.version <= known) return false;
    if (held) this.tally(held, -1);
    if (isTerminal(call.state)) {
      this.calls.delete(call.id);
      this.finished.set(call.id, call.version);
      if (this.finished.size > MAX_TOMBSTONES) this.finished.delete(this.finished.keys().next().value!);
    } else {
      this.calls.set(call.id, call);
      this.tally(call, 1);
    }
    return true;
  }

  /** Applies an agent's change; false when the model already has this version or a newer one. */
  applyAgent(agent: FloorAgentView): boolean {
    const held = this.agents.get(agent.id);
    if (agent.version <= (held?.version ?? 0)) return false;
    this.agents.set(agent.id, agent);
    if (held) for (const { skillKey } of held.skills) this.holders.get(skillKey)?.delete(agent.id);
    for (const { skillKey, proficiency } of agent.skills) {
      let holders = this.holders.get(skillKey);
      if (!holders) this.holders.set(skillKey, (holders = new Map()));
      holders.set(agent.id, proficiency);
    }
    return true;
  }

  call(id: string): FloorCallView | undefined {
    return this.calls.get(id);
  }

  agent(id: string): FloorAgentView | undefined {
    return this.agents.get(id);
  }

  /**
   * Who could take a topic's calls in a language now, as a caller's wait estimate counts them
   * (DESIGN §11): the logged-in agents who hold `skill` at `minProficiency` or more and speak
   * `languageSkill`; idle when available, busy when reserved, on a call or in wrap-up. `ringable`,
   * when given, leaves out the agents it refuses (those the platform has no endpoint for).
   */
  staffOf(skill: string, minProficiency: number, languageSkill: string, ringable?: (agentId: string) => boolean): { idle: number; busy: number } {
    const counts = { idle: 0, busy: 0 };
    const speakers = this.holders.get(languageSkill);
    if (!speakers) return counts;
    // forEach, not for…of: a Map's entries made an array each, for every holder at every estimate.
    this.holders.get(skill)?.forEach((proficiency, agentId) => {
      if (proficiency < minProficiency || !speakers.has(agentId)) return;
      const { state } = this.agents.get(agentId)!;
      const taken = TAKEN_STATES.has(state);
      if ((!taken && state !== AgentState.Available) || (ringable && !ringable(agentId))) return;
      if (taken) counts.busy++;
      else counts.idle++;
    });
    return counts;
  }

  /** The calls offered to or held by one agent. */
  callsOf(agentId: string): FloorCallView[] {
    return [...this.calls.values()].filter((call) => call.agentId === agentId);
  }

  /** One topic's queue now; undefined for a topic the floor does not show. */
  queue(topicKey: string): QueueView | undefined {
    const topic = this.topics.find((t) => t.topicKey === topicKey);
    return topic && this.queueOf(topic);
  }

  queues(): QueueView[] {
    return this.topics.map((topic) => this.queueOf(topic));
  }

  snapshot(at: Date): FloorSnapshot {
    return {
      at: at.toISOString(),
      queues: this.queues(),
      calls: [...this.calls.values()].sort(byId),
      agents: [...this.agents.values()].sort(byId),
    };
  }

  private queueOf(topic: QueueTopic): QueueView {
    const tally = this.tallies.get(topic.topicKey);
    if (!tally) return { ...topic, waiting: 0, oldestQueuedAt: null, offered: 0, connected: 0, wrapUp: 0, callbacksWaiting: 0, dialling: 0 };
    const { waiting, offered, connected, wrapUp, callbacksWaiting, dialling } = tally;
    return { ...topic, waiting, oldestQueuedAt: oldestOf(tally), offered, connected, wrapUp, callbacksWaiting, dialling };
  }

  /** Counts a live call in its topic's queue (`sign` 1), or stops counting it (-1). */
  private tally(call: FloorCallView, sign: 1 | -1): void {
    const column = columnOf(call);
    if (column === null) return;
    let tally = this.tallies.get(call.topicKey);
    if (!tally) this.tallies.set(call.topicKey, (tally = { waiting: 0, offered: 0, connected: 0, wrapUp: 0, callbacksWaiting: 0, dialling: 0, queuedAt: new Map(), oldest: null }));
    tally[column] += sign;
    if (column !== 'waiting' || !call.queuedAt) return;
    if (sign === 1) {
      tally.queuedAt.set(call.id, call.queuedAt);
      if (tally.oldest !== STALE && (tally.oldest === null || Date.parse(call.queuedAt) < Date.parse(tally.oldest))) tally.oldest = call.queuedAt;
    } else {
      tally.queuedAt.delete(call.id);
      if (tally.oldest === call.queuedAt) tally.oldest = STALE;
    }
  }
}

/** What a topic's queue counts, with the queued calls' queue times for the oldest of them. */
type QueueTally = Pick<QueueView, 'waiting' | 'offered' | 'connected' | 'wrapUp' | 'callbacksWaiting' | 'dialling'> & {
  queuedAt: Map<string, string>;
  /** The oldest queue time, or STALE once the call that had it has left (found again when next asked). */
  oldest: string | null | typeof STALE;
};

const STALE = Symbol('stale');

/** Which count a live call adds to. */
function columnOf(call: FloorCallView): 'waiting' | 'offered' | 'connected' | 'wrapUp' | 'callbacksWaiting' | 'dialling' | null {
  // A callback whose caller has not answered yet has nobody on the line: counted apart from the callers waiting.
  if (isCallbackNotReached(call) && (call.state === CallState.Queued || call.state === CallState.Scheduled)) return 'callbacksWaiting';
  if (call.state === CallState.Dialling) return 'dialling';
  if (call.state === CallState.Queued) return 'waiting';
  if (call.state === CallState.Offered) return 'offered';
  if (call.state === CallState.Connected) return 'connected';
  if (call.state === CallState.WrapUp) return 'wrapUp';
  return null;
}

/** The oldest queue time of a topic's waiting calls; looked for again only after the oldest has left. */
function oldestOf(tally: QueueTally): string | null {
  if (tally.oldest !== STALE) return tally.oldest;
  let oldest: string | null = null;
  for (const queuedAt of tally.queuedAt.values()) if (oldest === null || Date.parse(queuedAt) < Date.parse(oldest)) oldest = queuedAt;
  tally.oldest = oldest;
  return oldest;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
