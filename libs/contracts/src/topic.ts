/** How a topic picks among qualified agents. PERSISTED IN topics.strategy: NEVER RENAME WITHOUT A MIGRATION. */
export const RoutingStrategy = {
  MostProficientLongestIdle: 'most_proficient_longest_idle',
  LongestIdle: 'longest_idle',
  LeastOccupied: 'least_occupied',
  RoundRobin: 'round_robin',
} as const;
export type RoutingStrategy = (typeof RoutingStrategy)[keyof typeof RoutingStrategy];

/** One step of a topic's escalation over waiting time (DESIGN §4). */
export interface EscalationStep {
  afterSec: number;
  minProficiency?: number;
  includeGeneralists?: boolean;
  offerCallback?: boolean;
}

/** PERSISTED IN skills.kind: NEVER RENAME WITHOUT A MIGRATION. */
export const SkillKind = {
  Topic: 'topic',
  Language: 'language',
  General: 'general',
} as const;
export type SkillKind = (typeof SkillKind)[keyof typeof SkillKind];

/** Language skills are keyed `lang:<code>`. */
export const languageSkillKey = (language: string): string => `lang:${language}`;

/** A topic as administrators see and edit it. */
export interface TopicAdminView {
  id: string;
  key: string;
  nameNb: string;
  nameEn: string;
  skillKey: string;
  minProficiency: number;
  priority: number;
  serviceLevelTargetPct: number;
  serviceLevelThresholdSec: number;
  strategy: RoutingStrategy;
  escalationSteps: EscalationStep[];
  callbackTargetMin: number;
  closingGuidanceNb: string;
  closingGuidanceEn: string;
  active: boolean;
}

export interface SkillView {
  key: string;
  kind: SkillKind;
  nameNb: string;
  nameEn: string;
}

/** An agent's competences as administrators see and set them. */
export interface AgentSkillsAdminView {
  id: string;
  username: string;
  displayName: string;
  team: string | null;
  state: string;
  /** The user is active and still has the agent role: they can take calls. */
  active: boolean;
  /** Where the telephony platform rings and bridges the agent: a SIP URI or an extension; null when none is set. */
  endpoint: string | null;
  skills: { skillKey: string; proficiency: number }[];
}

/** `PUT /api/admin/agents/:id/endpoint`: the agent's endpoint, null to clear it. */
export interface SetAgentEndpointRequest {
  endpoint: string | null;
}

/** An agent's endpoint: a `sip:`/`sips:` URI or an extension of digits, at most 255 characters. */
export const AGENT_ENDPOINT_PATTERN = /^(sips?:[^\s]+|[0-9]{1,32})$/;
export const AGENT_ENDPOINT_MAX_LENGTH = 255;

/** `GET /api/topics`: what every signed-in user may know of a topic (names, target, closing guidance). */
export type TopicView = Pick<
  TopicAdminView,
  'key' | 'nameNb' | 'nameEn' | 'serviceLevelTargetPct' | 'serviceLevelThresholdSec' | 'callbackTargetMin' | 'closingGuidanceNb' | 'closingGuidanceEn' | 'active'
>;
