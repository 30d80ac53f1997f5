import { AccessTokenVerifier } from '@fc/auth';
import { AppConfig } from '@fc/config';
import { RealtimeNamespace, Role, type UserAccessRevokedEvent } from '@fc/contracts';
import { OnDomainEvent } from '@fc/journey';
import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { FloorPublisher } from './floor-publisher.js';
import { SUPERVISORS_ROOM } from './realtime-rooms.js';
import type { SupervisorNamespace, SupervisorSocket } from './realtime-sockets.js';
import { endSessionsOf, requireAccess } from './socket-auth.js';
import { limitSocketMessages } from './socket-rate-limit.js';

export const SUPERVISOR_ROLES = [Role.Supervisor, Role.Admin] as const;

/**
 * `/supervisor`: admits supervisors and administrators, and gives each socket a snapshot on every
 * (re)connect and then the floor's changes, both sent by {@link FloorPublisher}.
 */
@WebSocketGateway({ namespace: RealtimeNamespace.Supervisor })
export class SupervisorGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(SupervisorGateway.name);
  @WebSocketServer() private readonly namespace!: SupervisorNamespace;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly publisher: FloorPublisher,
    private readonly config: AppConfig,
  ) {}

  afterInit(namespace: SupervisorNamespace): void {
    requireAccess(namespace, this.tokens, SUPERVISOR_ROLES);
    this.publisher.attachSupervisors(namespace);
  }

  /** A deactivated user, or one given another role or a new password, loses the sockets opened with their old token. */
  @OnDomainEvent('user.access_revoked')
  accessRevoked({ userId }: UserAccessRevokedEvent): void {
    endSessionsOf(this.namespace, userId);
  }

  /** Snapshot and room in one tick: nothing can be announced between them. */
  handleConnection(socket: SupervisorSocket): void {
    // Supervisors only listen today; whatever their socket sends is still bounded.
    limitSocketMessages(socket, this.config, this.logger);
    this.publisher.sendSnapshot(socket);
    void socket.join(SUPERVISORS_ROOM);
  }
}
