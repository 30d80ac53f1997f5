import type { FloorAgentView, FloorCallView, FloorSnapshot, QueueView } from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { FloorChangeFeed, type AgentChange, type CallChange, type FloorChange, type FloorChangeListener } from './floor-change-feed.js';
import { FloorViewsRepository, toFloorAgentView, toFloorCallView } from './floor-views.repository.js';

/** Who hears what happens on the live floor: `FloorPublisher`, which tells the consoles. */
export interface LiveFloorSubscriber {
  callChanged?(call: FloorCallView, change: CallChange): void;
  agentChanged?(agent: FloorAgentView, change: AgentChange): void;
  queueChanged?(queue: QueueView): void;
  /** The floor was reloaded from the database: whatever a client holds may be stale. */
  reloaded?(): void;
}

/**
 * This process's picture of the floor: loaded from the database, then kept current by the change
 * feed. Snapshots come from it, so a socket's snapshot and the events after it are one ordered
 * stream with no gap and no overlap.
 */
@Injectable()
export class LiveFloor implements FloorChangeListener, OnApplicationBootstrap {
  private readonly logger = new Logger(LiveFloor.name);
  private model = new FloorModel();
  private topicKeys = new Map<string, string>();
  private readonly lastQueues = new Map<string, string>();
  private readonly subscribers: LiveFloorSubscriber[] = [];
  private ready = false;
  /** Changes that arrive while a reload is in progress, applied on top of it. */
  private pending: FloorChange[] | null = null;

  constructor(
    private readonly feed: FloorChangeFeed,
    private readonly views: FloorViewsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.feed.attach(this);
  }

  subscribe(subscriber: LiveFloorSubscriber): void {
    this.subscribers.push(subscriber);
  }

  get isReady(): boolean {
    return this.ready;
  }

  snapshot(): FloorSnapshot {
    return this.model.snapshot(new Date());
  }

  agent(id: string): FloorAgentView | undefined {
    return this.model.agent(id);
  }

  call(id: string): FloorCallView | undefined {
    return this.model.call(id);
  }

  /** The offered or active calls of one agent. */
  callsOf(agentId: string): FloorCallView[] {
    return this.model.callsOf(agentId);
  }

  async onResync(): Promise<void> {
    this.pending = [];
    try {
      const floor = await this.views.floor();
      const model = FloorModel.of(floor);
      this.model = model;
      this.topicKeys = floor.topicKeys;
      const pending = this.pending;
      this.pending = null;
      for (const change of pending) this.apply(change, false);
      this.lastQueues.clear();
      for (const queue of model.queues()) this.lastQueues.set(queue.topicKey, JSON.stringify(queue));
      this.ready = true;
      for (const subscriber of this.subscribers) subscriber.reloaded?.();
    } finally {
      this.pending = null;
    }
  }

  onChange(change: FloorChange): void {
    if (this.pending) this.pending.push(change);
    else this.apply(change, true);
  }

  private apply(change: FloorChange, announce: boolean): void {
    switch (change.kind) {
      case 'call': {
        const topicKey = this.topicKeys.get(change.topicId) ?? '';
        const view = toFloorCallView(change, topicKey);
        if (!this.model.applyCall(view) || !announce) return;
        for (const subscriber of this.subscribers) subscriber.callChanged?.(view, change);
        this.announceQueue(topicKey);
        if (change.previousTopicId && change.previousTopicId !== change.topicId) this.announceQueue(this.topicKeys.get(change.previousTopicId) ?? '');
        return;
      }
      case 'agent': {
        const view = toFloorAgentView(change);
        if (!this.model.applyAgent(view) || !announce) return;
        for (const subscriber of this.subscribers) subscriber.agentChanged?.(view, change);
        return;
      }
      case 'topics':
        // Rare (an administrator's edit): reload everything rather than patch topics in place.
        this.onResync().catch((error) => this.logger.error({ err: error }, 'floor reload failed'));
        return;
    }
  }

  /** Announces a topic's queue when what it shows has changed. */
  private announceQueue(topicKey: string): void {
    const queue = this.model.queue(topicKey);
    if (!queue) return;
    const json = JSON.stringify(queue);
    if (this.lastQueues.get(topicKey) === json) return;
    this.lastQueues.set(topicKey, json);
    for (const subscriber of this.subscribers) subscriber.queueChanged?.(queue);
  }
}
