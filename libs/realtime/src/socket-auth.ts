import { AccessTokenVerifier } from '@fc/auth';
import type { Role, SocketData } from '@fc/contracts';
import { toApiErrorBody } from '@fc/observability';
import { ForbiddenException } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { userRoom } from './realtime-rooms.js';

/** A refused handshake: the client's `connect_error` carries `message` and `data: { statusCode, error, message }`. */
export class HandshakeRefused extends Error {
  constructor(readonly data: ReturnType<typeof toApiErrorBody>) {
    super(Array.isArray(data.message) ? data.message.join('; ') : data.message);
  }
}

/**
 * Admits a socket to `namespace` only with a valid access token in `handshake.auth.token` (never a
 * query string, which ends up in logs) and one of `roles`; checked before the socket joins any
 * room. The socket is disconnected when its token expires, and joins its user's room so that it
 * can be disconnected when the user is deactivated, given another role or a new password ({@link endSessionsOf}).
 */
export function requireAccess(namespace: Namespace, tokens: AccessTokenVerifier, roles: readonly Role[], options: { agentProfile?: boolean } = {}): void {
  namespace.use((socket: Socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    tokens
      .verify(auth?.token)
      .then(({ user, expiresAt }) => {
        if (!roles.includes(user.role)) throw new ForbiddenException(`This needs the role ${roles.join(' or ')}`);
        if (options.agentProfile && !user.agentId) throw new ForbiddenException('This user has no agent profile');
        const data: SocketData = { userId: user.userId, username: user.username, role: user.role, agentId: user.agentId, expiresAt };
        socket.data = data;
        void socket.join(userRoom(user.userId));
        const timer = setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(expiresAt - Date.now(), 2_147_483_647)));
        timer.unref();
        socket.once('disconnect', () => clearTimeout(timer));
        next();
      })
      .catch((error: unknown) => next(new HandshakeRefused(toApiErrorBody(error))));
  });
}

/**
 * Disconnects every socket of a user on `namespace`, on every api process (through the adapter).
 * A server-side disconnect is not retried by the client, and a new handshake is refused.
 */
export function endSessionsOf(namespace: Namespace, userId: string): void {
  namespace.in(userRoom(userId)).disconnectSockets(true);
}
