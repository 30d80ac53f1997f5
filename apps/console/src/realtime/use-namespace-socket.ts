import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useSession } from '../session/session';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * A socket on one namespace of the api (same origin), authenticated with the session's token. It
 * reconnects by itself; `status` drives the disconnected banner, and the server sends a fresh
 * snapshot or state on every (re)connect, so a view that rebuilds from those is never stale.
 */
export function useNamespaceSocket<Listen extends object, Emit extends object>(namespace: string): { socket: Socket<Listen, Emit> | null; status: ConnectionStatus } {
  const { token } = useSession();
  const [socket, setSocket] = useState<Socket<Listen, Emit> | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');

  useEffect(() => {
    if (!token) return;
    const next: Socket<Listen, Emit> = io(namespace, { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
    const connected = () => setStatus('connected');
    const disconnected = () => setStatus('disconnected');
    next.on('connect', connected);
    next.on('disconnect', disconnected);
    next.on('connect_error', disconnected);
    setSocket(next);
    return () => {
      next.off('connect', connected);
      next.off('disconnect', disconnected);
      next.off('connect_error', disconnected);
      next.close();
      setSocket(null);
      setStatus('connecting');
    };
  }, [namespace, token]);

  return { socket, status };
}
