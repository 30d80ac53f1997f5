import {
  forEachSupervisorEvent,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type FloorSnapshot,
  type SupervisorClientToServerEvents,
  type SupervisorServerToClientEvents,
} from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import { io, type Socket } from 'socket.io-client';
import { eventually } from './api-client.js';

export type SupervisorSocket = Socket<SupervisorServerToClientEvents, SupervisorClientToServerEvents>;
export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** A socket.io client as the console opens it: websocket only, token in the handshake's auth. */
export function openSocket<S extends Socket>(baseUrl: string, namespace: '/supervisor' | '/agent', token?: string, extraHeaders?: Record<string, string>): S {
  return io(`${baseUrl}${namespace}`, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    extraHeaders,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  }) as S;
}

/** Resolves with the `connect_error` a refused handshake gets, or fails if the socket connects. */
export function refusal(socket: Socket): Promise<{ message: string; data?: { statusCode: number; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the socket was admitted')));
    socket.once('connect_error', (error: Error & { data?: { statusCode: number; message: string } }) => {
      socket.close();
      resolve({ message: error.message, data: error.data });
    });
  });
}

/**
 * A supervisor's screen, as the console builds it: the floor from each snapshot, kept current by
 * the events after it. Records what arrived so tests can check order, count and content.
 */
export class SupervisorScreen {
  model = new FloorModel();
  snapshots = 0;
  readonly received: { event: string; payload: unknown }[] = [];
  /** Call versions in arrival order, per call, to check that per-call order held. */
  readonly callVersions = new Map<string, number[]>();

  constructor(readonly socket: SupervisorSocket) {
    socket.on('snapshot', (snapshot: FloorSnapshot) => {
      this.snapshots++;
      this.received.push({ event: 'snapshot', payload: snapshot });
      this.model = FloorModel.fromSnapshot(snapshot);
    });
    forEachSupervisorEvent(socket, ([event, payload]) => {
      this.received.push({ event, payload });
      if (event === 'call.updated') {
        this.callVersions.set(payload.id, [...(this.callVersions.get(payload.id) ?? []), payload.version]);
        this.model.applyCall(payload);
      } else if (event === 'agent.updated') this.model.applyAgent(payload);
    });
  }

  static async open(baseUrl: string, token: string): Promise<SupervisorScreen> {
    const screen = new SupervisorScreen(openSocket<SupervisorSocket>(baseUrl, '/supervisor', token));
    await eventually(async () => (screen.snapshots > 0 ? true : undefined), 'the first snapshot');
    return screen;
  }

  /** The floor this screen shows, without the time it was drawn. */
  floor(): Omit<FloorSnapshot, 'at'> {
    const { at: _, ...floor } = this.model.snapshot(new Date());
    return floor;
  }

  events<T>(event: string): T[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as T);
  }

  close(): void {
    this.socket.close();
  }
}
