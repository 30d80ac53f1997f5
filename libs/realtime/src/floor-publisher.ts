import {
  CallState,
  JourneyEventType,
  OfferRevokedReason,
  Role,
  type AgentOfferEvent,
  type AgentStateEvent,
  type FloorAgentView,
  type FloorCallView,
  type QueueView,
  type SupervisorEvent,
  type SupervisorServerToClientEvents,
} from '@fc/contracts';
import { floorAlert } from '@fc/domain';
import { Injectable, Logger } from '@nestjs/common';
import type { AgentChange, CallChange } from './floor-change-feed.js';
import { FloorViewsRepository } from './floor-views.repository.js';
import { LiveFloor, type LiveFloorSubscriber } from './live-floor.js';
import { OfferConnection } from './offer-connection.js';
import { SUPERVISORS_ROOM, agentRoom } from './realtime-rooms.js';
import type { AgentNamespace, AgentSocket, SupervisorNamespace, SupervisorSocket } from './realtime-sockets.js';

const REVOKED_BY_EVENT: Record<string, OfferRevokedReason> = {
  [JourneyEventType.OfferDeclined]: OfferRevokedReason.Declined,
  [JourneyEventType.OfferExpired]: OfferRevokedReason.Expired,
  [JourneyEventType.OfferRevoked]: OfferRevokedReason.Revoked,
  [JourneyEventType.Abandoned]: OfferRevokedReason.Abandoned,
};

/**
 * Changes wait at most this long to share one message: each message costs a write per socket,
 * and a thousand screens on a busy floor would otherwise get a hundred each a second.
 */
const BATCH_MS = 50;

/**
 * What this api process sends to its consoles: the live floor's changes, the alerts they raise, and
 * agents' offers. The gateways authenticate sockets, put them in their rooms and answer their
 * messages; they hand their namespaces and new sockets here.
 *
 * - Supervisors: every process hears every change from the database's feed, so each sends them
 *   to its own sockets (`local`), in commit order, in batches; what has no database change behind
 *   it ({@link broadcast}) goes through the Redis adapter.
 * - Agents: everything sent to one agent goes through one queue, so an offer whose caller history
 *   is still being read cannot be overtaken by its own revocation.
 */
@Injectable()
export class FloorPublisher implements LiveFloorSubscriber {
  private readonly logger = new Logger(FloorPublisher.name);
  private supervisors: SupervisorNamespace | undefined;
  private agents: AgentNamespace | undefined;
  private batch: SupervisorEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly outboxes = new Map<string, Promise<void>>();

  constructor(
    private readonly floor: LiveFloor,
    private readonly views: FloorViewsRepository,
    private readonly offerConnection: OfferConnection,
  ) {
    floor.subscribe(this);
  }

  attachSupervisors(namespace: SupervisorNamespace): void {
    this.supervisors = namespace;
  }

  attachAgents(namespace: AgentNamespace): void {
    this.agents = namespace;
  }

  /**
   * A new supervisor socket's snapshot, after sending what is pending to the others: the snapshot
   * already holds those changes. The gateway puts the socket in the room in the same tick, so
   * nothing can be announced between snapshot and room.
   */
  sendSnapshot(socket: SupervisorSocket): void {
    this.flush();
    socket.emit('snapshot', this.floor.snapshot());
  }

  /** A new agent socket, already in its agent's room: their state and calls, behind whatever is queued for them. */
  agentConnected(socket: AgentSocket): void {
    const agentId = socket.data.agentId!;
    this.send(agentId, async () => {
      const agent = this.floor.agent(agentId);
      if (agent) socket.emit('state', stateEvent(agent));
      for (const call of this.floor.callsOf(agentId)) {
        if (call.state === CallState.Offered) await this.offer(agentId, call, socket);
        else socket.emit('call.updated', call);
      }
    });
  }

  /** Sends to every supervisor on every api process. */
  broadcast<E extends 'alert' | 'metrics.tick'>(event: E, ...payload: Parameters<SupervisorServerToClientEvents[E]>): void {
    this.supervisors?.to(SUPERVISORS_ROOM).emit(event, ...payload);
  }

  callChanged(call: FloorCallView, change: CallChange): void {
    this.enqueue(['call.updated', call]);
    const previousAgent = change.previousState === CallState.Offered ? change.previousAgentId : null;
    // Accepted (connected, or a callback being dialled) is not revoked.
    const accepted = call.state === CallState.Offered || call.state === CallState.Connected || call.state === CallState.Dialling;
    if (previousAgent && !(call.agentId === previousAgent && accepted)) {
      this.send(previousAgent, async () => {
        const type = call.state === CallState.Abandoned ? JourneyEventType.Abandoned : await this.views.journeyEventType(call.id, change.lastSeq, await this.offerConnection.open());
        this.agents?.local.to(agentRoom(previousAgent)).emit('offer.revoked', { callId: call.id, reason: REVOKED_BY_EVENT[type ?? ''] ?? OfferRevokedReason.Revoked });
      });
    }
    if (!call.agentId) return;
    const agentId = call.agentId;
    if (call.state === CallState.Offered && (change.previousState !== CallState.Offered || change.previousAgentId !== agentId)) this.send(agentId, () => this.offer(agentId, call));
    else this.send(agentId, async () => void this.agents?.local.to(agentRoom(agentId)).emit('call.updated', call));
  }

  agentChanged(agent: FloorAgentView, change: AgentChange): void {
    this.enqueue(['agent.updated', agent]);
    // Raised from the change itself: every process hears it, whichever one made it (RONA, a lost console).
    const alert = floorAlert.agentChanged(agent, change.previousState);
    if (alert) this.enqueue(['alert', alert]);
    this.send(agent.id, async () => void this.agents?.local.to(agentRoom(agent.id)).emit('state', stateEvent(agent)));
  }

  queueChanged(queue: QueueView): void {
    this.enqueue(['queue.updated', queue]);
  }

  /** Queues are shown to supervisors only. */
  showsQueues(): boolean {
    return this.supervisorsHere();
  }

  reloaded(): void {
    // Whatever is pending is older than the reloaded floor.
    this.batch = [];
    if (this.supervisorsHere()) this.supervisors?.local.to(SUPERVISORS_ROOM).emit('snapshot', this.floor.snapshot());
  }

  /**
   * Whether a supervisor's socket is on this process. Every process hears every change, but only
   * those with supervisors here batch and encode them: one who connects later starts from a
   * snapshot of the floor, which holds every change made meanwhile.
   */
  private supervisorsHere(): boolean {
    return (this.supervisors?.adapter.rooms.get(SUPERVISORS_ROOM)?.size ?? 0) > 0;
  }

  /** A quiet floor sends a change at once; a busy one at most every {@link BATCH_MS}. */
  private enqueue(event: SupervisorEvent): void {
    if (!this.supervisorsHere()) return;
    this.batch.push(event);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), Math.max(0, this.lastFlush + BATCH_MS - Date.now()));
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.batch.length === 0) return;
    this.lastFlush = Date.now();
    const events = this.batch;
    this.batch = [];
    this.supervisors?.local.to(SUPERVISORS_ROOM).emit('batch', events);
  }

  /**
   * Sends an offer with the caller's history, unless the offer ended while the history was read.
   * The history is the caller's personal data: the read that fetches it records it as the agent's
   * (`callerHistoryReadBy`), and an offer whose read was not recorded is not sent.
   */
  private async offer(agentId: string, call: FloorCallView, socket?: AgentSocket): Promise<void> {
    const reader = (socket ?? this.localSocketOf(agentId))?.data;
    if (!reader) return;
    // On the offers' own connections: a request's would keep the agent, and the caller, waiting behind the requests.
    const { entries: callerHistory, audited } = await this.views.callerHistoryReadBy(call.id, agentId, { userId: reader.userId, role: Role.Agent }, await this.offerConnection.open());
    const now = this.floor.call(call.id);
    if (!audited || !now || now.state !== CallState.Offered || now.agentId !== agentId) return;
    const offer: AgentOfferEvent = {
      callId: call.id,
      version: call.version,
      topicKey: call.topicKey,
      language: call.language,
      direction: call.direction,
      transferCount: call.transferCount,
      waitedSec: call.queuedAt ? Math.max(0, Math.round((Date.now() - Date.parse(call.queuedAt)) / 1000)) : 0,
      expiresAt: call.offerExpiresAt ?? new Date().toISOString(),
      callerHistory,
    };
    if (socket) socket.emit('offer', offer);
    else this.agents?.local.to(agentRoom(agentId)).emit('offer', offer);
  }

  private localSocketOf(agentId: string): AgentSocket | undefined {
    const [socketId] = this.agents?.adapter.rooms.get(agentRoom(agentId)) ?? [];
    return socketId === undefined ? undefined : this.agents?.sockets.get(socketId);
  }

  /** Queues `work` behind everything else for this agent, if one of their sockets is on this process. */
  private send(agentId: string, work: () => Promise<void>): void {
    if (!this.agents?.adapter.rooms.get(agentRoom(agentId))?.size) return;
    const next = (this.outboxes.get(agentId) ?? Promise.resolve()).then(work).catch((error: unknown) => this.logger.error({ err: error, agentId }, 'agent message not sent'));
    this.outboxes.set(agentId, next);
    void next.finally(() => {
      if (this.outboxes.get(agentId) === next) this.outboxes.delete(agentId);
    });
  }
}

function stateEvent(agent: FloorAgentView): AgentStateEvent {
  return { agentId: agent.id, version: agent.version, state: agent.state, stateReason: agent.stateReason, stateSince: agent.stateSince };
}
