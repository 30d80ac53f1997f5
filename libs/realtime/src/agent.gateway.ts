import { AuditAction, AuditService } from '@fc/audit';
import { AccessTokenVerifier, agentActor, type AuthenticatedAgent } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { AgentsReadService, SetAgentStateDto, checkAgentStateRequest } from '@fc/agents';
import { CallsReadService } from '@fc/calls';
import {
  CallState,
  JourneyEventType,
  OfferRevokedReason,
  RealtimeNamespace,
  Role,
  type Ack,
  type AgentClientToServerEvents,
  type AgentMeView,
  type AgentServerToClientEvents,
  type CallView,
  type FloorAgentView,
  type FloorCallView,
  type InterServerEvents,
  type SocketData,
  type UserAccessRevokedEvent,
} from '@fc/contracts';
import { AgentActions, OnDomainEvent } from '@fc/journey';
import { toApiErrorBody } from '@fc/observability';
import { Logger, ValidationPipe } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { ConsolePresence } from './console-presence.service.js';
import { CallRequestDto } from './dto/call-request.dto.js';
import type { CallChange } from './floor-change-feed.js';
import { FloorViewsRepository } from './floor-views.repository.js';
import { LiveFloor, type LiveFloorSubscriber } from './live-floor.service.js';
import { endSessionsOf, requireAccess } from './socket-auth.js';
import { limitSocketMessages } from './socket-rate-limit.js';
import { agentRoom } from './realtime-rooms.js';

type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, SocketData>;
type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, SocketData>;

const roomOf = agentRoom;

const REVOKED_BY_EVENT: Record<string, OfferRevokedReason> = {
  [JourneyEventType.OfferDeclined]: OfferRevokedReason.Declined,
  [JourneyEventType.OfferExpired]: OfferRevokedReason.Expired,
  [JourneyEventType.OfferRevoked]: OfferRevokedReason.Revoked,
  [JourneyEventType.Abandoned]: OfferRevokedReason.Abandoned,
};

/** The same validation as the REST routes' global pipe. */
const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * `/agent`: each agent's socket joins only its own room and hears its own offers, revocations,
 * calls and state; it acts with acknowledged events that run the REST routes' code. Everything
 * sent to one agent goes through one queue, so an offer whose caller history is still being read
 * cannot be overtaken by its own revocation. Each socket's messages are rate-limited
 * ({@link limitSocketMessages}). Comings and goings are told to {@link ConsolePresence},
 * which takes an agent off the phones when their console is gone.
 */
@WebSocketGateway({ namespace: RealtimeNamespace.Agent })
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, LiveFloorSubscriber {
  private readonly logger = new Logger(AgentGateway.name);
  @WebSocketServer() private readonly namespace!: AgentNamespace;
  private readonly outboxes = new Map<string, Promise<void>>();

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly floor: LiveFloor,
    private readonly views: FloorViewsRepository,
    private readonly agentActions: AgentActions,
    private readonly calls: CallsReadService,
    private readonly agents: AgentsReadService,
    private readonly presence: ConsolePresence,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    floor.subscribe(this);
  }

  afterInit(namespace: AgentNamespace): void {
    requireAccess(namespace, this.tokens, [Role.Agent], { agentProfile: true });
    this.presence.attach(namespace);
  }

  /** A deactivated user, or one given another role or a new password, loses the sockets opened with their old token. */
  @OnDomainEvent('user.access_revoked')
  accessRevoked({ userId }: UserAccessRevokedEvent): void {
    endSessionsOf(this.namespace, userId);
  }

  handleConnection(socket: AgentSocket): void {
    const agentId = socket.data.agentId!;
    limitSocketMessages(socket, this.config, this.logger);
    void socket.join(roomOf(agentId));
    this.presence.connected(agentId);
    this.send(agentId, async () => {
      const agent = this.floor.agent(agentId);
      if (agent) socket.emit('state', stateEvent(agent));
      for (const call of this.floor.callsOf(agentId)) {
        if (call.state === CallState.Offered) await this.offer(agentId, call, socket);
        else socket.emit('call.updated', call);
      }
    });
  }

  /** By now the socket has left its rooms, so the agent's room here holds only their other sockets. */
  handleDisconnect(socket: AgentSocket): void {
    if (socket.data.agentId) this.presence.disconnected(socket.data.agentId);
  }

  @SubscribeMessage('accept')
  accept(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<CallView>> {
    return this.act(socket, CallRequestDto, body, async (actor, request) => this.calls.view(await this.agentActions.accept(request.callId, actor)));
  }

  @SubscribeMessage('decline')
  decline(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<CallView>> {
    return this.act(socket, CallRequestDto, body, async (actor, request) => this.calls.view(await this.agentActions.decline(request.callId, actor)));
  }

  @SubscribeMessage('state')
  state(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<AgentMeView>> {
    return this.act(socket, SetAgentStateDto, body, async (actor, request) => {
      checkAgentStateRequest(request);
      await this.agentActions.setAgentState(actor, request.state, request.reason);
      return this.agents.me(actor.agentId);
    });
  }

  callChanged(call: FloorCallView, change: CallChange): void {
    const previousAgent = change.previousState === CallState.Offered ? change.previousAgentId : null;
    if (previousAgent && !(call.agentId === previousAgent && (call.state === CallState.Offered || call.state === CallState.Connected))) {
      this.send(previousAgent, async () => {
        const type = call.state === CallState.Abandoned ? JourneyEventType.Abandoned : await this.views.journeyEventType(call.id, change.lastSeq);
        this.namespace.local.to(roomOf(previousAgent)).emit('offer.revoked', { callId: call.id, reason: REVOKED_BY_EVENT[type ?? ''] ?? OfferRevokedReason.Revoked });
      });
    }
    if (!call.agentId) return;
    const agentId = call.agentId;
    if (call.state === CallState.Offered && (change.previousState !== CallState.Offered || change.previousAgentId !== agentId)) this.send(agentId, () => this.offer(agentId, call));
    else this.send(agentId, async () => void this.namespace.local.to(roomOf(agentId)).emit('call.updated', call));
  }

  agentChanged(agent: FloorAgentView): void {
    this.send(agent.id, async () => void this.namespace.local.to(roomOf(agent.id)).emit('state', stateEvent(agent)));
  }

  /**
   * Sends an offer with the caller's history, unless the offer ended while the history was read.
   * The history is the caller's personal data: showing it to the agent is audited as their read.
   */
  private async offer(agentId: string, call: FloorCallView, socket?: AgentSocket): Promise<void> {
    const callerHistory = await this.views.callerHistory(call.id);
    const now = this.floor.call(call.id);
    if (!now || now.state !== CallState.Offered || now.agentId !== agentId) return;
    const reader = (socket ?? this.localSocketOf(agentId))?.data;
    if (!reader) return;
    await this.audit.record({
      actor: { userId: reader.userId, role: Role.Agent },
      action: AuditAction.CallCallerHistoryRead,
      entityType: 'call',
      entityId: call.id,
      data: { entries: callerHistory.length },
    });
    const offer = {
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
    else this.namespace.local.to(roomOf(agentId)).emit('offer', offer);
  }

  private localSocketOf(agentId: string): AgentSocket | undefined {
    const [socketId] = this.namespace.adapter.rooms.get(roomOf(agentId)) ?? [];
    return socketId === undefined ? undefined : this.namespace.sockets.get(socketId);
  }

  /** Queues `work` behind everything else for this agent, if one of their sockets is on this process. */
  private send(agentId: string, work: () => Promise<void>): void {
    if (!this.namespace?.adapter.rooms.get(roomOf(agentId))?.size) return;
    const next = (this.outboxes.get(agentId) ?? Promise.resolve()).then(work).catch((error: unknown) => this.logger.error({ err: error, agentId }, 'agent message not sent'));
    this.outboxes.set(agentId, next);
    void next.finally(() => {
      if (this.outboxes.get(agentId) === next) this.outboxes.delete(agentId);
    });
  }

  private async act<D extends object, T>(socket: AgentSocket, dto: new () => D, body: unknown, work: (actor: AuthenticatedAgent, request: D) => Promise<T>): Promise<Ack<T>> {
    try {
      const request = (await validation.transform(body ?? {}, { type: 'body', metatype: dto })) as D;
      const { userId, username, role, agentId } = socket.data;
      return { ok: true, data: await work(agentActor({ userId, username, role: role as Role, agentId }), request) };
    } catch (error) {
      const body = toApiErrorBody(error);
      if (body.statusCode >= 500) this.logger.error({ err: error }, 'socket action failed');
      return { ok: false, error: body };
    }
  }
}

function stateEvent(agent: FloorAgentView) {
  return { agentId: agent.id, version: agent.version, state: agent.state, stateReason: agent.stateReason, stateSince: agent.stateSince };
}
