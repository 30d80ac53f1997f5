import type { CallDirection } from './call.js';
/** PERSISTED IN agents.state: NEVER RENAME WITHOUT A MIGRATION. */
export const AgentState = {
  Offline: 'offline',
  Available: 'available',
  Reserved: 'reserved',
  OnCall: 'on_call',
  WrapUp: 'wrap_up',
  Break: 'break',
} as const;
export type AgentState = (typeof AgentState)[keyof typeof AgentState];

/** States an agent may choose; the others are set by the system. */
export const SELECTABLE_AGENT_STATES = [AgentState.Available, AgentState.Break, AgentState.Offline] as const;
export type SelectableAgentState = (typeof SELECTABLE_AGENT_STATES)[number];

/** PERSISTED IN agents.state_reason: NEVER RENAME WITHOUT A MIGRATION. `missed` is set by the system (RONA). */
export const BreakReason = {
  Break: 'break',
  Training: 'training',
  Meeting: 'meeting',
  Admin: 'admin',
  Missed: 'missed',
} as const;
export type BreakReason = (typeof BreakReason)[keyof typeof BreakReason];
export const SELECTABLE_BREAK_REASONS = [BreakReason.Break, BreakReason.Training, BreakReason.Meeting, BreakReason.Admin] as const;

/**
 * PERSISTED IN agents.state_reason: NEVER RENAME WITHOUT A MIGRATION. Why the system, not the
 * agent, logged an agent off: `console_lost` — their console went away (decision 0023).
 */
export const OfflineReason = {
  ConsoleLost: 'console_lost',
} as const;
export type OfflineReason = (typeof OfflineReason)[keyof typeof OfflineReason];

/** An agent's state reason: a break's reason, or why the system logged them off; null otherwise. */
export type AgentStateReason = BreakReason | OfflineReason;

export interface AgentSkillView {
  skillKey: string;
  proficiency: number;
}

export interface AgentOfferView {
  callId: string;
  /** A callback: accepting it has the platform dial the caller (DESIGN §11). */
  direction: CallDirection;
  /** A callback: how many times its caller was dialled before this offer. */
  dialAttempts: number;
  topicKey: string;
  language: string;
  waitedSec: number;
  expiresAt: string;
}

/** `GET /api/agents/me`. */
export interface AgentMeView {
  id: string;
  username: string;
  displayName: string;
  team: string | null;
  state: AgentState;
  stateReason: AgentStateReason | null;
  stateSince: string;
  skills: AgentSkillView[];
  offer: AgentOfferView | null;
  activeCall: { callId: string; state: string } | null;
}

/** Body of `PUT /api/agents/me/state`. */
export interface SetAgentStateRequest {
  state: SelectableAgentState;
  reason?: BreakReason;
}

/**
 * `GET /api/agents/me/softphone`: where the console's softphone registers (decision 0045). The api
 * answers 204 (no body, `null` to the console) when no voice edge is configured for softphones.
 */
export interface SoftphoneSettingsView {
  /** The voice edge's SIP WebSocket (`ws://` or `wss://`). */
  wsUrl: string;
  /** The address the softphone registers, `sip:<username>@<domain>`: the agent's endpoint once registered. */
  sipUri: string;
  displayName: string;
  /** Credentials for the registration, when the edge asks for them (decision 0047): valid until `credentialsExpireAt`. */
  authorizationUser?: string;
  password?: string;
  credentialsExpireAt?: string;
}

/** `POST /api/agents/me/softphone/registered`: the agent's endpoint as the server set it (never one the client names). */
export interface SoftphoneRegisteredView {
  endpoint: string;
}
