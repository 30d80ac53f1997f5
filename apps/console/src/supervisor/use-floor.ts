import { RealtimeNamespace, type SupervisorClientToServerEvents, type SupervisorServerToClientEvents } from '@fc/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useNamespaceSocket } from '../realtime/use-namespace-socket';
import { FloorStore } from './floor-store';

/** The live floor for supervisors (a `FloorStore` on the `/supervisor` socket) and the socket's status. */
export function useFloor() {
  const { socket, status } = useNamespaceSocket<SupervisorServerToClientEvents, SupervisorClientToServerEvents>(RealtimeNamespace.Supervisor);
  const queries = useQueryClient();
  const [store] = useState(() => new FloorStore());
  const view = useSyncExternalStore(store.subscribe, store.getSnapshot);

  useEffect(() => {
    if (!socket) return;
    return store.attach(socket, (alert) => {
      // A follow-up fell due or overdue: the open follow-ups list is out of date.
      if (alert.kind === 'follow_up_due_soon' || alert.kind === 'follow_up_overdue') void queries.invalidateQueries({ queryKey: ['follow-ups'] });
      if (alert.kind === 'improvement_action_due_soon' || alert.kind === 'improvement_action_overdue') void queries.invalidateQueries({ queryKey: ['improvement-actions'] });
    });
  }, [socket, store, queries]);

  return { status, ...view };
}
