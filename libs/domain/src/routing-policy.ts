/** A call waiting for an agent, as routing sees it. */
export interface WaitingCall {
  id: string;
  priority: number;
  /** When the caller first queued; a callback keeps its original caller's time. */
  queuedAt: Date;
  requiredSkill: string;
  minProficiency: number;
  languageSkill: string;
  /** Agents that must not be offered this call again now (e.g. the one who just declined it). */
  excludedAgentIds: readonly string[];
}

/** An agent who is available for an offer, as routing sees it. */
export interface AvailableAgent {
  id: string;
  /** Since when the agent has been available: longest idle goes first. */
  idleSince: Date;
  /** skill key → proficiency 1–5 */
  skills: ReadonlyMap<string, number>;
}

export interface Assignment {
  callId: string;
  agentId: string;
}

/** Whether `agent` meets the call's requirement: topic skill at its minimum proficiency, and the language. */
export function qualifies(agent: AvailableAgent, call: WaitingCall): boolean {
  if (call.excludedAgentIds.includes(agent.id)) return false;
  const proficiency = agent.skills.get(call.requiredSkill) ?? 0;
  return proficiency >= call.minProficiency && agent.skills.has(call.languageSkill);
}

/** Call order: higher priority first, then the longest waiting; id breaks ties so the order is total. */
export function compareCalls(a: WaitingCall, b: WaitingCall): number {
  return (
    b.priority - a.priority ||
    a.queuedAt.getTime() - b.queuedAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Agent order: longest idle first; id breaks ties. */
export function compareIdleAgents(a: AvailableAgent, b: AvailableAgent): number {
  return a.idleSince.getTime() - b.idleSince.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One routing round of the first routing step: in call order, each call takes the longest-idle
 * available agent that qualifies for it. Greedy and deterministic; no agent and no call appears twice.
 */
export function assignLongestIdle(calls: readonly WaitingCall[], agents: readonly AvailableAgent[]): Assignment[] {
  const free = [...agents].sort(compareIdleAgents);
  const assignments: Assignment[] = [];
  for (const call of [...calls].sort(compareCalls)) {
    const index = free.findIndex((agent) => qualifies(agent, call));
    if (index === -1) continue;
    const [agent] = free.splice(index, 1);
    assignments.push({ callId: call.id, agentId: agent!.id });
  }
  return assignments;
}
