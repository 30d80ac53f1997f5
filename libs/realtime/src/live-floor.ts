import type { FloorAgentView, FloorCallView, FloorSnapshot, QueueView } from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import { QueuePlacesRepository, type StaffSource, type TopicStaffing } from '@fc/journey';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { FloorChangeFeed, type AgentChange, type CallChange, type FloorChange, type FloorChangeListener } from './floor-change-feed.js';
import { FloorViewsRepository, toFloorAgentView, toFloorCallView } from './floor-views.repository.js';

/** Who hears what happens on the live floor: `FloorPublisher`, which tells the consoles. */
export interface LiveFloorSubscriber {
  callChanged?(call: FloorCallView, change: CallChange): void;
  agentChanged?(agent: FloorAgentView, change: AgentChange): void;
  queueChanged?(queue: QueueView): void;
  /** Whether it has anyone to show a queue to now; while no subscriber has, the floor works out no queue's view. */
  showsQueues?(): boolean;
  /** The floor was reloaded from the database: whatever a client holds may be stale. */
  reloaded?(): void;
}

/**
 * This process's picture of the floor: loaded from the database, then kept current by the change
 * feed. Snapshots come from it, so a socket's snapshot and the events after it are one ordered
 * stream with no gap and no overlap. It also counts the staff behind callers' wait estimates
 * (decision 0056), so an arrival reads no agent from the database.
 */
@Injectable()
export class LiveFloor implements FloorChangeListener, OnApplicationBootstrap, StaffSource {
  private readonly logger = new Logger(LiveFloor.name);
  private model = new FloorModel();
  private topicKeys = new Map<string, string>();
  /** The agents the platform could ring (they have an endpoint): not shown to consoles, counted for estimates. */
  private ringable = new Set<string>();
  private readonly lastQueues = new Map<string, string>();
  private readonly subscribers: LiveFloorSubscriber[] = [];
  private ready = false;
  /** Changes that arrive while a reload is in progress, applied on top of it. */
  private pending: FloorChange[] | null = null;
  /** The reload in progress, and whether another was asked for while it runs. */
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;

  constructor(
    private readonly feed: FloorChangeFeed,
    private readonly views: FloorViewsRepository,
    places: QueuePlacesRepository,
  ) {
    places.countStaffWith(this);
  }

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

  staffOf({ skill, minProficiency, languageSkill, endpointRequired }: TopicStaffing): { idle: number; busy: number } {
    return this.model.staffOf(skill, minProficiency, languageSkill, endpointRequired ? (agentId) => this.ringable.has(agentId) : undefined);
  }

  /** The offered or active calls of one agent. */
  callsOf(agentId: string): FloorCallView[] {
    return this.model.callsOf(agentId);
  }

  /**
   * Reloads the floor. One reload runs at a time: asked for again while one runs (the feed
   * reconnected, a topic edited), it loads once more before it ends, and both askers wait for that.
   */
  onResync(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.reload().finally(() => (this.reloading = null));
    return this.reloading;
  }

  onChange(change: FloorChange): void {
    if (!this.pending) this.apply(change, true);
    else if (change.kind === 'topics') this.reloadAgain = true;
    else this.pending.push(change);
  }

  /**
   * Loads the floor, again while another reload was asked for during a load, then applies on top
   * every change that came since the first load began. A change committed after the snapshot kept
   * is among them; one committed before is in the snapshot too, and its version makes it a no-op.
   */
  private async reload(): Promise<void> {
    this.pending = [];
    try {
      let floor: Awaited<ReturnType<FloorViewsRepository['floor']>>;
      do {
        this.reloadAgain = false;
        floor = await this.views.floor();
      } while (this.reloadAgain);
      const model = FloorModel.of(floor);
      this.model = model;
      this.topicKeys = floor.topicKeys;
      this.ringable = floor.ringable;
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
        if (!this.model.applyAgent(view)) return;
        if (change.hasEndpoint) this.ringable.add(change.id);
        else this.ringable.delete(change.id);
        if (!announce) return;
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
    if (!this.subscribers.some((subscriber) => subscriber.queueChanged && (subscriber.showsQueues?.() ?? true))) {
      // Whoever is shown queues later starts from a snapshot, perhaps newer than the last queue announced: the next one goes out whatever it shows.
      this.lastQueues.delete(topicKey);
      return;
    }
    const queue = this.model.queue(topicKey);
    if (!queue) return;
    const json = JSON.stringify(queue);
    if (this.lastQueues.get(topicKey) === json) return;
    this.lastQueues.set(topicKey, json);
    for (const subscriber of this.subscribers) subscriber.queueChanged?.(queue);
  }
}
