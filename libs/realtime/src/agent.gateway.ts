import { AccessTokenVerifier, agentActor, type AuthenticatedAgent } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { AgentsReadService, SetAgentStateDto, checkAgentStateRequest } from '@fc/agents';
import { CallsReadService } from '@fc/calls';
import { RealtimeNamespace, Role, type Ack, type AgentMeView, type CallView, type UserAccessRevokedEvent } from '@fc/contracts';
import { AgentActions, OnDomainEvent } from '@fc/journey';
import { toApiErrorBody } from '@fc/observability';
import { Logger, ValidationPipe } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { ConsolePresence } from './console-presence.js';
import { CallRequestDto } from './dto/call-request.dto.js';
import { FloorPublisher } from './floor-publisher.js';
import { endSessionsOf, requireAccess } from './socket-auth.js';
import { limitSocketMessages } from './socket-rate-limit.js';
import { agentRoom } from './realtime-rooms.js';
import type { AgentNamespace, AgentSocket } from './realtime-sockets.js';

/** The same validation as the REST routes' global pipe. */
const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * `/agent`: each agent's socket joins only its own room and hears its own offers, revocations,
 * calls and state, sent by {@link FloorPublisher}; it acts with acknowledged events that run the
 * REST routes' code. Each socket's messages are rate-limited
 * ({@link limitSocketMessages}). Comings and goings are told to {@link ConsolePresence},
 * which takes an agent off the phones when their console is gone.
 */
@WebSocketGateway({ namespace: RealtimeNamespace.Agent })
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AgentGateway.name);
  @WebSocketServer() private readonly namespace!: AgentNamespace;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly agentActions: AgentActions,
    private readonly calls: CallsReadService,
    private readonly agents: AgentsReadService,
    private readonly presence: ConsolePresence,
    private readonly publisher: FloorPublisher,
    private readonly config: AppConfig,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    requireAccess(namespace, this.tokens, [Role.Agent], { agentProfile: true });
    this.presence.attach(namespace);
    this.publisher.attachAgents(namespace);
  }

  /** A deactivated user, or one given another role or a new password, loses the sockets opened with their old token. */
  @OnDomainEvent('user.access_revoked')
  accessRevoked({ userId }: UserAccessRevokedEvent): void {
    endSessionsOf(this.namespace, userId);
  }

  handleConnection(socket: AgentSocket): void {
    const agentId = socket.data.agentId!;
    limitSocketMessages(socket, this.config, this.logger);
    void socket.join(agentRoom(agentId));
    this.presence.connected(agentId);
    this.publisher.agentConnected(socket);
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
