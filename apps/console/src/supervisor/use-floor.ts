import {
  RealtimeNamespace,
  forEachSupervisorEvent,
  type FloorAlert,
  type FloorSnapshot,
  type MetricsTick,
  type SupervisorClientToServerEvents,
  type SupervisorServerToClientEvents,
} from '@fc/contracts';
import { FloorModel } from '@fc/domain';
import { useEffect, useRef, useState } from 'react';
import { useNamespaceSocket } from '../realtime/use-namespace-socket';

const MAX_ALERTS = 50;

/**
 * The live floor for supervisors: a `FloorModel` built from the snapshot the server sends on every
 * (re)connect and kept current by the versioned changes that follow, so a late or repeated change
 * never makes it stale; today's figures from `metrics.tick`; the latest alerts, newest first.
 */
export function useFloor() {
  const { socket, status } = useNamespaceSocket<SupervisorServerToClientEvents, SupervisorClientToServerEvents>(RealtimeNamespace.Supervisor);
  const model = useRef<FloorModel | null>(null);
  const [version, setVersion] = useState(0);
  const [tick, setTick] = useState<MetricsTick | null>(null);
  const [alerts, setAlerts] = useState<FloorAlert[]>([]);

  useEffect(() => {
    if (!socket) return;
    let pending = false;
    // Many changes can arrive in one batch: draw once per frame, not once per change.
    const redraw = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        setVersion((v) => v + 1);
      });
    };
    const onSnapshot = (snapshot: FloorSnapshot) => {
      model.current = FloorModel.fromSnapshot(snapshot);
      redraw();
    };
    socket.on('snapshot', onSnapshot);
    forEachSupervisorEvent(socket, ([name, payload]) => {
      const floor = model.current;
      switch (name) {
        case 'call.updated':
          if (floor?.applyCall(payload)) redraw();
          break;
        case 'agent.updated':
          if (floor?.applyAgent(payload)) redraw();
          break;
        case 'queue.updated':
          // Queues are derived from the calls the model holds.
          break;
        case 'alert':
          setAlerts((current) => (current.some((a) => a.id === payload.id) ? current : [payload, ...current].slice(0, MAX_ALERTS)));
          break;
        case 'metrics.tick':
          setTick(payload);
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
    };
  }, [socket]);

  return { status, floor: model.current, version, tick, alerts };
}
