import { AgentState, AlertKind, BreakReason, CallState, OfflineReason, type FloorAgentView, type FloorAlert, type FloorCallView, type FollowUpKind, type QueueView } from '@fc/contracts';

/** Agents' changes supervisors are alerted to: the state and reason, and the alert. */
const AGENT_ALERTS = [
  { state: AgentState.Break, reason: BreakReason.Missed, kind: AlertKind.MissedOffer },
  { state: AgentState.Offline, reason: OfflineReason.ConsoleLost, kind: AlertKind.ConsoleLost },
] as const;

/** A follow-up that is reminded of or escalated, with the call it belongs to. */
export interface AlertedFollowUp {
  id: string;
  kind: FollowUpKind;
  callId: string;
  dueAt: Date;
  topicKey: string;
  ownerAgentId: string | null;
}

/** An improvement action that is reminded of or escalated, with the first topic it names (if any). */
export interface AlertedImprovementAction {
  id: string;
  dueAt: Date;
  topicKey: string | null;
}

/**
 * Every alert supervisors get, each with the id that names its occurrence: a client drops a
 * repeat by it, and the api sends a time-raised alert once by it. The ids are `<kind>:<what>`,
 * plus the agent's version for a change (each change alerts once) and the hour for a topic's
 * service level (at most once an hour).
 */
export const floorAlert = {
  /** A caller queued for `afterSec` or more, or null while they have waited less. */
  longWait(call: FloorCallView, now: Date, afterSec: number): FloorAlert | null {
    if (call.state !== CallState.Queued || !call.queuedAt) return null;
    const waitedSec = Math.floor((now.getTime() - Date.parse(call.queuedAt)) / 1000);
    if (waitedSec < afterSec) return null;
    return { id: `${AlertKind.LongWait}:${call.id}`, kind: AlertKind.LongWait, at: now.toISOString(), topicKey: call.topicKey, callId: call.id, agentId: null, waitedSec };
  },

  /** A topic below its service-level target today while callers wait, or null; `serviceLevel` is today's, null with no calls to judge by. */
  serviceLevelAtRisk(queue: QueueView, serviceLevel: number | null, now: Date): FloorAlert | null {
    const target = queue.serviceLevelTargetPct / 100;
    if (queue.waiting === 0 || serviceLevel === null || serviceLevel >= target) return null;
    return {
      id: `${AlertKind.ServiceLevelAtRisk}:${queue.topicKey}:${now.toISOString().slice(0, 13)}`,
      kind: AlertKind.ServiceLevelAtRisk,
      at: now.toISOString(),
      topicKey: queue.topicKey,
      callId: null,
      agentId: null,
      serviceLevel,
      target,
    };
  },

  /** An agent put on a break for a missed offer, or taken off the phones for a lost console, or null for any other change. */
  agentChanged(agent: FloorAgentView, previousState: string | null): FloorAlert | null {
    const alert = AGENT_ALERTS.find((a) => a.state === agent.state && a.reason === agent.stateReason);
    if (!alert || previousState === agent.state) return null;
    return { id: `${alert.kind}:${agent.id}:${agent.version}`, kind: alert.kind, at: agent.stateSince, topicKey: null, callId: null, agentId: agent.id };
  },

  /** A follow-up nobody owns falls due soon. */
  followUpDueSoon(followUp: AlertedFollowUp, now: Date): FloorAlert {
    return followUpAlert(AlertKind.FollowUpDueSoon, followUp, now);
  },

  /** A follow-up is past its due time and not done. */
  followUpOverdue(followUp: AlertedFollowUp, now: Date): FloorAlert {
    return followUpAlert(AlertKind.FollowUpOverdue, followUp, now);
  },

  /** An improvement action falls due soon. */
  improvementActionDueSoon(action: AlertedImprovementAction, now: Date): FloorAlert {
    return improvementActionAlert(AlertKind.ImprovementActionDueSoon, action, now);
  },

  /** An improvement action is past its due time and neither done nor cancelled. */
  improvementActionOverdue(action: AlertedImprovementAction, now: Date): FloorAlert {
    return improvementActionAlert(AlertKind.ImprovementActionOverdue, action, now);
  },
};

function improvementActionAlert(kind: typeof AlertKind.ImprovementActionDueSoon | typeof AlertKind.ImprovementActionOverdue, action: AlertedImprovementAction, now: Date): FloorAlert {
  return { id: `${kind}:${action.id}`, kind, at: now.toISOString(), topicKey: action.topicKey, callId: null, agentId: null, improvementActionId: action.id, dueAt: action.dueAt.toISOString() };
}

function followUpAlert(kind: typeof AlertKind.FollowUpDueSoon | typeof AlertKind.FollowUpOverdue, followUp: AlertedFollowUp, now: Date): FloorAlert {
  return {
    id: `${kind}:${followUp.id}`,
    kind,
    at: now.toISOString(),
    topicKey: followUp.topicKey,
    callId: followUp.callId,
    agentId: followUp.ownerAgentId,
    followUpId: followUp.id,
    followUpKind: followUp.kind,
    dueAt: followUp.dueAt.toISOString(),
  };
}
