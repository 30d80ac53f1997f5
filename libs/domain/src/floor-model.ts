import { CallState, type FloorAgentView, type FloorCallView, type FloorSnapshot, type QueueView } from '@fc/contracts';

import { isTerminal } from './call-journey.js';
import { isCallbackNotReached } from './callback-policy.js';

/** What a queue view says about its topic, as opposed to what it counts. */
export type QueueTopic = Pick<QueueView, 'topicKey' | 'nameNb' | 'nameEn' | 'serviceLevelTargetSec' | 'serviceLevelTargetPct'>;

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
    const known = this.calls.get(call.id)?.version ?? this.finished.get(call.id) ?? 0;
    if (call.version <= known) return false;
    if (isTerminal(call.state)) {
      this.calls.delete(call.id);
      this.finished.set(call.id, call.version);
      if (this.finished.size > MAX_TOMBSTONES) this.finished.delete(this.finished.keys().next().value!);
    } else this.calls.set(call.id, call);
    return true;
  }

  /** Applies an agent's change; false when the model already has this version or a newer one. */
  applyAgent(agent: FloorAgentView): boolean {
    if (agent.version <= (this.agents.get(agent.id)?.version ?? 0)) return false;
    this.agents.set(agent.id, agent);
    return true;
  }

  call(id: string): FloorCallView | undefined {
    return this.calls.get(id);
  }

  agent(id: string): FloorAgentView | undefined {
    return this.agents.get(id);
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
    const queue: QueueView = { ...topic, waiting: 0, oldestQueuedAt: null, offered: 0, connected: 0, wrapUp: 0, callbacksWaiting: 0, dialling: 0 };
    for (const call of this.calls.values()) {
      if (call.topicKey !== topic.topicKey) continue;
      // A callback whose caller has not answered yet has nobody on the line: counted apart from the callers waiting.
      if (isCallbackNotReached(call) && (call.state === CallState.Queued || call.state === CallState.Scheduled)) queue.callbacksWaiting++;
      else if (call.state === CallState.Dialling) queue.dialling++;
      else if (call.state === CallState.Queued) {
        queue.waiting++;
        if (call.queuedAt && (queue.oldestQueuedAt === null || Date.parse(call.queuedAt) < Date.parse(queue.oldestQueuedAt))) queue.oldestQueuedAt = call.queuedAt;
      } else if (call.state === CallState.Offered) queue.offered++;
      else if (call.state === CallState.Connected) queue.connected++;
      else if (call.state === CallState.WrapUp) queue.wrapUp++;
    }
    return queue;
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
