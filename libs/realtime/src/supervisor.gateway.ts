import { AccessTokenVerifier } from '@fc/auth';
import {
  AlertKind,
  AgentState,
  BreakReason,
  RealtimeNamespace,
  Role,
  type FloorAgentView,
  type FloorCallView,
  type InterServerEvents,
  type QueueView,
  type SocketData,
  type SupervisorClientToServerEvents,
  type SupervisorServerToClientEvents,
} from '@fc/contracts';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { AgentChange } from './floor-change-feed.js';
import { LiveFloor, type LiveFloorSubscriber } from './live-floor.service.js';
import { requireAccess } from './socket-auth.js';

export type SupervisorNamespace = Namespace<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;
type SupervisorSocket = Socket<SupervisorClientToServerEvents, SupervisorServerToClientEvents, InterServerEvents, SocketData>;

/** The room every supervisor socket joins once it has its snapshot. */
export const SUPERVISORS_ROOM = 'supervisors';
export const SUPERVISOR_ROLES = [Role.Supervisor, Role.Admin] as const;

/**
 * `/supervisor`: a snapshot on every (re)connect, then the floor's changes. Every api process
 * hears every change from the database's feed, so each sends them to its own sockets (`local`),
 * in commit order; what has no database change behind it goes through the Redis adapter.
 */
@WebSocketGateway({ namespace: RealtimeNamespace.Supervisor })
export class SupervisorGateway implements OnGatewayInit, OnGatewayConnection, LiveFloorSubscriber {
  @WebSocketServer() private readonly namespace!: SupervisorNamespace;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly floor: LiveFloor,
  ) {
    floor.subscribe(this);
  }

  afterInit(namespace: SupervisorNamespace): void {
    requireAccess(namespace, this.tokens, SUPERVISOR_ROLES);
  }

  /** Snapshot and room in one step: nothing can be announced between them. */
  handleConnection(socket: SupervisorSocket): void {
    socket.emit('snapshot', this.floor.snapshot());
    void socket.join(SUPERVISORS_ROOM);
  }

  callChanged(call: FloorCallView): void {
    this.namespace.local.to(SUPERVISORS_ROOM).emit('call.updated', call);
  }

  agentChanged(agent: FloorAgentView, change: AgentChange): void {
    this.namespace.local.to(SUPERVISORS_ROOM).emit('agent.updated', agent);
    if (agent.state === AgentState.Break && agent.stateReason === BreakReason.Missed && change.previousState !== AgentState.Break) {
      this.namespace.local.to(SUPERVISORS_ROOM).emit('alert', {
        id: `${AlertKind.MissedOffer}:${agent.id}:${agent.version}`,
        kind: AlertKind.MissedOffer,
        at: agent.stateSince,
        topicKey: null,
        callId: null,
        agentId: agent.id,
      });
    }
  }

  queueChanged(queue: QueueView): void {
    this.namespace.local.to(SUPERVISORS_ROOM).emit('queue.updated', queue);
  }

  reloaded(): void {
    this.namespace?.local.to(SUPERVISORS_ROOM).emit('snapshot', this.floor.snapshot());
  }

  /** Sends to every supervisor on every api process. */
  broadcast<E extends 'alert' | 'metrics.tick'>(event: E, ...payload: Parameters<SupervisorServerToClientEvents[E]>): void {
    this.namespace.to(SUPERVISORS_ROOM).emit(event, ...payload);
  }
}
