import {
  RealtimeNamespace,
  type AgentClientToServerEvents,
  type AgentMeView,
  type AgentOfferEvent,
  type AgentServerToClientEvents,
  type BreakReason,
  type CallView,
  type FollowUpReminderEvent,
  type OfferRevokedReason,
  type RecordOutcomeRequest,
  type SelectableAgentState,
  type TransferCallRequest,
} from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api-client';
import { useNamespaceSocket } from '../realtime/use-namespace-socket';

/** The offer in hand: the socket's offer, and for a callback how many times its caller was dialled before. */
export type DeskOffer = AgentOfferEvent & { dialAttempts: number };

/**
 * The agent's desk: their state, the offer in hand and the call in hand, kept current by the
 * `/agent` socket and re-read from the api on every (re)connect, so nothing shown is stale.
 */
export function useAgentDesk() {
  const queries = useQueryClient();
  const { socket, status } = useNamespaceSocket<AgentServerToClientEvents, AgentClientToServerEvents>(RealtimeNamespace.Agent);
  const me = useQuery({ queryKey: ['agent', 'me'], queryFn: () => api<AgentMeView>('/api/agents/me') });
  const [offer, setOffer] = useState<AgentOfferEvent | null>(null);
  const [revoked, setRevoked] = useState<OfferRevokedReason | null>(null);
  const [reminders, setReminders] = useState<FollowUpReminderEvent[]>([]);
  const activeCallId = me.data?.activeCall?.callId ?? null;
  const call = useQuery({
    queryKey: ['call', activeCallId],
    queryFn: () => api<CallView>(`/api/calls/${activeCallId}`),
    enabled: activeCallId !== null,
  });

  const refresh = useCallback(() => {
    void queries.invalidateQueries({ queryKey: ['agent'] });
    void queries.invalidateQueries({ queryKey: ['call'] });
  }, [queries]);

  useEffect(() => {
    if (!socket) return;
    const onConnect = () => refresh();
    const onOffer = (next: AgentOfferEvent) => {
      setRevoked(null);
      setOffer(next);
      refresh();
    };
    const onRevoked = ({ callId, reason }: { callId: string; reason: OfferRevokedReason }) => {
      setOffer((current) => (current?.callId === callId ? null : current));
      if (reason !== 'declined') setRevoked(reason);
      refresh();
    };
    // A new to-do (an outcome to record after a timed-out wrap-up, a callback promised) or one falling due: list them anew.
    const onAssigned = () => void queries.invalidateQueries({ queryKey: ['agent', 'follow-ups'] });
    const onReminder = (reminder: FollowUpReminderEvent) => {
      setReminders((current) => [...current.filter((r) => r.followUpId !== reminder.followUpId), reminder]);
      onAssigned();
    };
    socket.on('connect', onConnect);
    socket.on('follow_up.reminder', onReminder);
    socket.on('follow_up.assigned', onAssigned);
    socket.on('offer', onOffer);
    socket.on('offer.revoked', onRevoked);
    socket.on('state', refresh);
    socket.on('call.updated', refresh);
    return () => {
      socket.off('connect', onConnect);
      socket.off('follow_up.reminder', onReminder);
      socket.off('follow_up.assigned', onAssigned);
      socket.off('offer', onOffer);
      socket.off('offer.revoked', onRevoked);
      socket.off('state', refresh);
      socket.off('call.updated', refresh);
    };
  }, [socket, refresh, queries]);

  // The offer as the api has it: after a reload or reconnect the socket's offer event is gone.
  // Only the api's says which try a callback is.
  const pending = me.data?.offer ?? null;
  useEffect(() => {
    if (!pending) setOffer(null);
  }, [pending]);
  const currentOffer: DeskOffer | null =
    offer && pending?.callId === offer.callId
      ? { ...offer, dialAttempts: pending.dialAttempts }
      : pending
        ? {
            callId: pending.callId,
            version: 0,
            topicKey: pending.topicKey,
            language: pending.language,
            direction: pending.direction,
            dialAttempts: pending.dialAttempts,
            transferCount: 0,
            waitedSec: pending.waitedSec,
            expiresAt: pending.expiresAt,
            callerHistory: [],
          }
        : null;

  // The agent's own actions; whatever the answer, the desk is re-read (a refused action can mean the state moved on).
  const action = useMutation({
    mutationFn: ({ path, method, body }: { path: string; method: 'PUT' | 'POST'; body?: unknown }) => api(path, { method, body }),
    onSettled: refresh,
  });
  const act = action.mutateAsync;

  return {
    status,
    me: me.data ?? null,
    loading: me.isLoading,
    error: me.error,
    offer: currentOffer,
    revoked,
    dismissRevoked: () => setRevoked(null),
    reminders,
    call: activeCallId ? (call.data ?? null) : null,
    /** Why the latest action failed, until the next one. */
    failure: action.error,
    setState: (state: SelectableAgentState, reason?: BreakReason) => act({ path: '/api/agents/me/state', method: 'PUT', body: { state, ...(reason ? { reason } : {}) } }),
    accept: (callId: string) => act({ path: `/api/calls/${callId}/accept`, method: 'POST' }),
    decline: (callId: string) => act({ path: `/api/calls/${callId}/decline`, method: 'POST' }),
    end: (callId: string) => act({ path: `/api/calls/${callId}/end`, method: 'POST' }),
    transfer: (callId: string, body: TransferCallRequest) => act({ path: `/api/calls/${callId}/transfer`, method: 'POST', body }),
    recordOutcome: (callId: string, body: RecordOutcomeRequest) => act({ path: `/api/calls/${callId}/outcome`, method: 'POST', body }),
  };
}

export type AgentDesk = ReturnType<typeof useAgentDesk>;
