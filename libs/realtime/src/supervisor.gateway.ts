import { AccessTokenVerifier } from '@fc/auth';
import { AppConfig } from '@fc/config';
import {
  RealtimeNamespace,
  Role,
  type FloorAgentView,
  type FloorCallView,
  type InterServerEvents,
  type QueueView,
  type SupervisorEvent,
  type SocketData,
  type SupervisorClientToServerEvents,
  type SupervisorServerToClientEvents,
  type UserAccessRevokedEvent,
} from '@fc/contracts';
import { floorAlert } from '@fc/domain';
import { OnDomainEvent } from '@fc/journey';
import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { AgentChange } from './floor-change-feed.js';
import { LiveFloor, type LiveFloorSubscriber } from './live-floor.service.js';
import { endSessionsOf, requireAccess } from './socket-auth.js';
import { limitSocketMessages } from './socket-rate-limit.js';
import { SUPERVISORS_ROOM } from './realtime-rooms.js';

export type SupervisorNamespace = Namespace<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;
type SupervisorSocket = Socket<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;

export const SUPERVISOR_ROLES = [Role.Supervisor, Role.Admin] as const;
/**
 * Changes wait at most this long to share one message: each message costs a write per socket,
 * and a thousand screens on a busy floor would otherwise get a hundred each a second.
 */
const BATCH_MS = 50;

/**
 * `/supervisor`: a snapshot on every (re)connect, then the floor's changes. Every api process
 * hears every change from the database's feed, so each sends them to its own sockets (`local`),
 * in commit order; what has no database change behind it goes through the Redis adapter.
 */
@WebSocketGateway({ namespace: RealtimeNamespace.Supervisor })
export class SupervisorGateway implements OnGatewayInit, OnGatewayConnection, LiveFloorSubscriber {
  private readonly logger = new Logger(SupervisorGateway.name);
  @WebSocketServer() private readonly namespace!: SupervisorNamespace;
  private batch: SupervisorEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly floor: LiveFloor,
    private readonly config: AppConfig,
  ) {
    floor.subscribe(this);
  }

  afterInit(namespace: SupervisorNamespace): void {
    requireAccess(namespace, this.tokens, SUPERVISOR_ROLES);
  }

  /** A deactivated user, or one given another role or a new password, loses the sockets opened with their old token. */
  @OnDomainEvent('user.access_revoked')
  accessRevoked({ userId }: UserAccessRevokedEvent): void {
    endSessionsOf(this.namespace, userId);
  }

  /**
   * Snapshot and room in one step, after sending what is pending to the others: the snapshot
   * already holds those changes, and nothing can be announced between snapshot and room.
   */
  handleConnection(socket: SupervisorSocket): void {
    // Supervisors only listen today; whatever their socket sends is still bounded.
    limitSocketMessages(socket, this.config, this.logger);
    this.flush();
    socket.emit('snapshot', this.floor.snapshot());
    void socket.join(SUPERVISORS_ROOM);
  }

  callChanged(call: FloorCallView): void {
    this.enqueue(['call.updated', call]);
  }

  agentChanged(agent: FloorAgentView, change: AgentChange): void {
    this.enqueue(['agent.updated', agent]);
    // Raised from the change itself: every process hears it, whichever one made it (RONA, a lost console).
    const alert = floorAlert.agentChanged(agent, change.previousState);
    if (alert) this.enqueue(['alert', alert]);
  }

  queueChanged(queue: QueueView): void {
    this.enqueue(['queue.updated', queue]);
  }

  reloaded(): void {
    // Whatever is pending is older than the reloaded floor.
    this.batch = [];
    this.namespace?.local.to(SUPERVISORS_ROOM).emit('snapshot', this.floor.snapshot());
  }

  /** A quiet floor sends a change at once; a busy one at most every {@link BATCH_MS}. */
  private enqueue(event: SupervisorEvent): void {
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
    this.namespace.local.to(SUPERVISORS_ROOM).emit('batch', events);
  }

  /** Sends to every supervisor on every api process. */
  broadcast<E extends 'alert' | 'metrics.tick'>(event: E, ...payload: Parameters<SupervisorServerToClientEvents[E]>): void {
    this.namespace.to(SUPERVISORS_ROOM).emit(event, ...payload);
  }
}
