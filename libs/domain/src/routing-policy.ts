import { RoutingStrategy } from '@fc/contracts';
import { GENERAL_SKILL, escalationFromStep, meetsRequirement, stepReachedAt, type EscalationState, type Requirement, type TopicRouting } from './escalation.js';

/** A call waiting for an agent, as routing sees it. */
export interface WaitingCall {
  id: string;
  /** The topic's priority, plus the boost of a transfer. Higher goes first. */
  priority: number;
  /** Queue position: when the caller first queued. A callback keeps its original caller's time. */
  queuedAt: Date;
  /** Since when the call has waited for its current topic: the age escalation steps look at. */
  waitingSince: Date;
  topic: TopicRouting & { strategy: RoutingStrategy };
  languageSkill: string;
  /** Agents that must not be offered this call now (the one who just declined or passed it on). */
  excludedAgentIds: readonly string[];
}

/** An agent who is logged in, as routing sees them. */
export interface RoutableAgent {
  id: string;
  /** Only available agents can be offered a call; busy ones count for escalation's skip test. */
  available: boolean;
  /** Since when the agent has been available: longest idle goes first. */
  idleSince: Date;
  /** skill key → proficiency 1–5 */
  skills: ReadonlyMap<string, number>;
  /** Work today, for `least_occupied` (lower goes first). */
  occupancy: number;
  /** Last offer of any call, for `round_robin` (never offered goes first). */
  lastOfferedAt: Date | null;
}

export interface Assignment {
  callId: string;
  agentId: string;
}

export interface RoundPlan {
  assignments: Assignment[];
  /** Where each waiting call stands in its escalation now, by call id. */
  escalations: Map<string, EscalationState>;
}

/** Call order: higher priority first, then the longest waiting; id breaks ties so the order is total. */
export function compareCalls(a: WaitingCall, b: WaitingCall): number {
  return b.priority - a.priority || a.queuedAt.getTime() - b.queuedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Writes each member's sort keys for one strategy (smaller is better) into `first` and `second`;
 * the agent id ends every tie. Typed arrays, because a round ranks thousands of agents.
 */
function strategyKeys(strategy: RoutingStrategy, members: readonly RoutableAgent[], proficiencies: readonly number[]): { first: Float64Array; second: Float64Array } {
  const first = new Float64Array(members.length);
  const second = new Float64Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const agent = members[i]!;
    const idle = agent.idleSince.getTime();
    switch (strategy) {
      case RoutingStrategy.MostProficientLongestIdle:
        first[i] = -proficiencies[i]!;
        second[i] = idle;
        break;
      case RoutingStrategy.LongestIdle:
        first[i] = idle;
        break;
      case RoutingStrategy.LeastOccupied:
        first[i] = agent.occupancy;
        second[i] = idle;
        break;
      case RoutingStrategy.RoundRobin:
        first[i] = agent.lastOfferedAt?.getTime() ?? -Infinity;
        second[i] = idle;
        break;
      default: {
        const unknown: never = strategy;
        throw new Error(`unknown routing strategy ${String(unknown)}`);
      }
    }
  }
  return { first, second };
}

/**
 * The agents with one skill, best first by one strategy. Ordered lazily: a binary heap is built
 * in O(n) and only as many agents are drawn from it as the round needs, so a round over 10,000
 * agents does not pay for sorting all of them.
 */
class Ranking {
  readonly sorted: RoutableAgent[] = [];
  /** Member index of each agent in `sorted`, to read its keys. */
  private readonly sortedMembers: number[] = [];
  private readonly heap: number[];

  constructor(
    private readonly members: readonly RoutableAgent[],
    private readonly first: Float64Array,
    private readonly second: Float64Array,
  ) {
    this.heap = members.map((_, i) => i);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The agent at rank `index`, or undefined past the end. */
  at(index: number): RoutableAgent | undefined {
    while (this.sorted.length <= index && this.heap.length > 0) {
      const best = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.siftDown(0);
      }
      this.sorted.push(this.members[best]!);
      this.sortedMembers.push(best);
    }
    return this.sorted[index];
  }

  /** The first sort key of the agent at rank `index` (already drawn). */
  firstKeyAt(index: number): number {
    return this.first[this.sortedMembers[index]!]!;
  }

  /** Orders the agent at rank `index` here against the one at rank `otherIndex` in `other`. */
  compareAt(index: number, other: Ranking, otherIndex: number): number {
    const a = this.sortedMembers[index]!;
    const b = other.sortedMembers[otherIndex]!;
    const idA = this.members[a]!.id;
    const idB = other.members[b]!.id;
    return this.first[a]! - other.first[b]! || this.second[a]! - other.second[b]! || (idA < idB ? -1 : idA > idB ? 1 : 0);
  }

  private less(a: number, b: number): boolean {
    if (this.first[a] !== this.first[b]) return this.first[a]! < this.first[b]!;
    if (this.second[a] !== this.second[b]) return this.second[a]! < this.second[b]!;
    return this.members[a]!.id < this.members[b]!.id;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    for (let i = start; ; ) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[child]!, heap[i]!)) return;
      const swap = heap[i]!;
      heap[i] = heap[child]!;
      heap[child] = swap;
      i = child;
    }
  }
}

/**
 * Walks one ranking (and, when generalists count, the generalists' ranking beside it) for one
 * requirement. Agents behind the cursor are taken or can never meet this requirement.
 */
class CandidateCursor {
  private position = 0;
  private generalPosition = 0;

  constructor(
    private readonly requirement: Requirement,
    private readonly ranking: Ranking | undefined,
    private readonly generalists: Ranking | undefined,
    private readonly sortedByProficiency: boolean,
  ) {}

  /** Takes the best agent not yet taken, not excluded by this call, who meets the requirement. */
  take(taken: Set<string>, excluded: readonly string[]): RoutableAgent | undefined {
    const topic = this.ranking ? this.next(this.ranking, false, taken, excluded) : -1;
    const general = this.generalists ? this.next(this.generalists, true, taken, excluded) : -1;
    let agent: RoutableAgent | undefined;
    if (general >= 0 && (topic < 0 || this.generalists!.compareAt(general, this.ranking!, topic) < 0)) agent = this.generalists!.sorted[general];
    else if (topic >= 0) agent = this.ranking!.sorted[topic];
    if (agent) taken.add(agent.id);
    return agent;
  }

  /** Rank of the best candidate in `ranking` for this call, or -1; moves the cursor past agents no call of this requirement can have. */
  private next(ranking: Ranking, general: boolean, taken: Set<string>, excluded: readonly string[]): number {
    const { skill, minProficiency, languageSkill } = this.requirement;
    // In a most-proficient ranking everyone after the first below the minimum is below it too.
    const belowMinimum = (rank: number) => !general && this.sortedByProficiency && -ranking.firstKeyAt(rank) < minProficiency;
    const qualifies = (agent: RoutableAgent) => agent.skills.has(languageSkill) && (general || (agent.skills.get(skill) ?? 0) >= minProficiency);
    let position = general ? this.generalPosition : this.position;
    for (let agent = ranking.at(position); agent && !belowMinimum(position); agent = ranking.at(++position)) {
      if (!taken.has(agent.id) && qualifies(agent)) break;
    }
    if (general) this.generalPosition = position;
    else this.position = position;
    for (let rank = position, agent = ranking.at(rank); agent && !belowMinimum(rank); agent = ranking.at(++rank)) {
      if (!taken.has(agent.id) && qualifies(agent) && !excluded.includes(agent.id)) return rank;
    }
    return -1;
  }
}

/**
 * One routing round (DESIGN §4), pure and deterministic. Calls are served in call order; each
 * takes the best available agent that meets its current escalation requirement, by its topic's
 * strategy. Greedy in call order, so it is work-conserving (no call is left waiting while a free
 * agent meets its requirement) and FIFO among calls with the same requirement and priority.
 *
 * Agents are indexed by skill once per round; each (skill, strategy) ranking is drawn lazily from
 * a heap, and each distinct requirement walks it with its own cursor, so a round costs about the
 * size of the floor plus a logarithm per agent actually considered.
 */
export function planRound(calls: readonly WaitingCall[], agents: readonly RoutableAgent[], now: Date): RoundPlan {
  // One pass over the floor: every logged-in agent under each of their skills, with the proficiency.
  const bySkill = new Map<string, { agents: RoutableAgent[]; proficiencies: number[] }>();
  for (const agent of agents) {
    agent.skills.forEach((proficiency, skill) => {
      const entry = bySkill.get(skill);
      if (entry) {
        entry.agents.push(agent);
        entry.proficiencies.push(proficiency);
      } else bySkill.set(skill, { agents: [agent], proficiencies: [proficiency] });
    });
  }

  // Escalation skips a step only when nobody logged in (available or busy) could meet it.
  const couldMatchCache = new Map<string, boolean>();
  const couldEverMatch = (r: Requirement) => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}`;
    let answer = couldMatchCache.get(key);
    if (answer === undefined) {
      const meets = (agent: RoutableAgent) => meetsRequirement(agent.skills, r);
      answer = (bySkill.get(r.skill)?.agents.some(meets) ?? false) || (r.includeGeneralists && (bySkill.get(GENERAL_SKILL)?.agents.some(meets) ?? false));
      couldMatchCache.set(key, answer);
    }
    return answer;
  };

  // Offers go to available agents only, ranked per skill and strategy when first needed.
  const rankings = new Map<string, Ranking | undefined>();
  const rankingOf = (skill: string, strategy: RoutingStrategy): Ranking | undefined => {
    const key = `${skill}|${strategy}`;
    if (rankings.has(key)) return rankings.get(key);
    const entry = bySkill.get(skill);
    const members: RoutableAgent[] = [];
    const proficiencies: number[] = [];
    for (let i = 0; entry && i < entry.agents.length; i++) {
      if (!entry.agents[i]!.available) continue;
      members.push(entry.agents[i]!);
      proficiencies.push(entry.proficiencies[i]!);
    }
    const { first, second } = strategyKeys(strategy, members, proficiencies);
    const ranking = members.length > 0 ? new Ranking(members, first, second) : undefined;
    rankings.set(key, ranking);
    return ranking;
  };

  const cursors = new Map<string, CandidateCursor>();
  const cursorFor = (r: Requirement, strategy: RoutingStrategy): CandidateCursor => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}|${strategy}`;
    let cursor = cursors.get(key);
    if (!cursor) {
      const generalists = r.includeGeneralists ? rankingOf(GENERAL_SKILL, strategy) : undefined;
      cursor = new CandidateCursor(r, rankingOf(r.skill, strategy), generalists, strategy === RoutingStrategy.MostProficientLongestIdle);
      cursors.set(key, cursor);
    }
    return cursor;
  };

  const escalations = new Map<string, EscalationState>();
  const assignments: Assignment[] = [];
  const taken = new Set<string>();
  // Where a call stands depends only on its topic, language and the step its age has reached.
  const escalationCache = new Map<TopicRouting, Map<string, EscalationState>>();
  const escalationOf = (call: WaitingCall): EscalationState => {
    const reached = stepReachedAt(call.topic, Math.max(0, (now.getTime() - call.waitingSince.getTime()) / 1000));
    let byTopic = escalationCache.get(call.topic);
    if (!byTopic) escalationCache.set(call.topic, (byTopic = new Map()));
    const key = `${call.languageSkill}|${reached}`;
    let state = byTopic.get(key);
    if (!state) byTopic.set(key, (state = escalationFromStep(call.topic, call.languageSkill, reached, couldEverMatch)));
    return state;
  };

  for (const call of [...calls].sort(compareCalls)) {
    const escalation = escalationOf(call);
    escalations.set(call.id, escalation);
    const agent = cursorFor(escalation.requirement, call.topic.strategy).take(taken, call.excludedAgentIds);
    if (agent) assignments.push({ callId: call.id, agentId: agent.id });
  }
  return { assignments, escalations };
}
