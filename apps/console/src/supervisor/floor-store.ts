import { forEachSupervisorEvent, type FloorAlert, type FloorSnapshot, type MetricsTick, type SupervisorClientToServerEvents, type SupervisorServerToClientEvents } from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import type { Socket } from 'socket.io-client';

const MAX_ALERTS = 50;

/** What the wall draws; a new object whenever something in it changed, so React sees the change. */
export interface FloorView {
  floor: FloorModel | null;
  tick: MetricsTick | null;
  alerts: FloorAlert[];
}

/**
 * The live floor outside React, read with `useSyncExternalStore`: a `FloorModel` built from the
 * snapshot the server sends on every (re)connect and kept current by the versioned changes that
 * follow, so a late or repeated change never makes it stale; today's figures from `metrics.tick`;
 * the latest alerts, newest first.
 */
export class FloorStore {
  private view: FloorView = { floor: null, tick: null, alerts: [] };
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): FloorView => this.view;

  /** Follows `socket` until the returned function is called; `onAlert` hears each new alert once. */
  attach(socket: Socket<SupervisorServerToClientEvents, SupervisorClientToServerEvents>, onAlert: (alert: FloorAlert) => void): () => void {
    const onSnapshot = (snapshot: FloorSnapshot) => {
      this.view = { ...this.view, floor: FloorModel.fromSnapshot(snapshot) };
      this.redraw();
    };
    socket.on('snapshot', onSnapshot);
    forEachSupervisorEvent(socket, ([name, payload]) => {
      const floor = this.view.floor;
      switch (name) {
        case 'call.updated':
          if (floor?.applyCall(payload)) this.redraw();
          break;
        case 'agent.updated':
          if (floor?.applyAgent(payload)) this.redraw();
          break;
        case 'queue.updated':
          // Queues are derived from the calls the model holds.
          break;
        case 'alert':
          if (this.view.alerts.some((a) => a.id === payload.id)) break;
          this.publish({ ...this.view, alerts: [payload, ...this.view.alerts].slice(0, MAX_ALERTS) });
          onAlert(payload);
          break;
        case 'metrics.tick':
          this.publish({ ...this.view, tick: payload });
          break;
        default: {
          const unknown: never = name;
          throw new Error(`unknown supervisor event ${String(unknown)}`);
        }
      }
    });
    return () => {
      socket.off('snapshot', onSnapshot);
      socket.off('batch');
      socket.off('alert');
      socket.off('metrics.tick');
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      this.frame = null;
    };
  }

  // Many changes can arrive in one batch: draw once per frame, not once per change.
  private redraw(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.publish({ ...this.view });
    });
  }

  private publish(next: FloorView): void {
    this.view = next;
    for (const listener of this.listeners) listener();
  }
}
