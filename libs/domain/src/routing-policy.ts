import { RoutingStrategy } from '@fc/contracts';
import { GENERAL_SKILL, escalationFromStep, meetsRequirement, stepReachedAt, type EscalationState, type Requirement, type TopicRouting } from './escalation.js';

/**
 * An agent who just declined a call, or transferred it to another topic, is not offered the same
 * call again for this long: sending it straight back would be the runaround routing exists to stop.
 */
export const HAND_BACK_COOLDOWN_SEC = 30;

/** A caller who has been passed on must not wait again behind fresh calls: their priority in the new topic. */
export function transferredPriority(callPriority: number, topicPriority: number, boost: number): number {
  return Math.max(callPriority, topicPriority) + boost;
}

/** A call waiting for an agent, as routing sees it. */
export interface WaitingCall {
  id: string;
  /** The topic's priority, plus the boost of a transfer. Higher goes first. */
  priority: number;
  /** Queue position: when the caller first queued. A callback keeps its original caller's time. */
  queuedAt: Date;
  /** Since when the call has waited for its current topic: the age escalation steps look at. */
  waitingSince: Date;
  /**
   * The escalation step the call has reached in its current topic (-1 before the first). A call
   * never goes back: an agent who logs in and could meet an earlier step does not undo a skip.
   */
  escalationStep: number;
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

type NumberArray = Int32Array | Float64Array | Uint8Array;

/** One kind of number array, handed out as zeroed views of one buffer that grows as needed. */
class ScratchArrays<A extends NumberArray> {
  private buffer: A;
  private used = 0;

  constructor(private readonly make: (length: number) => A) {
    this.buffer = make(1 << 16);
  }

  reset(): void {
    this.used = 0;
  }

  take(length: number): A {
    if (this.used + length > this.buffer.length) {
      // Views already handed out keep the old buffer; the next round uses only the new one.
      this.buffer = this.make(Math.max(2 * this.buffer.length, length));
      this.used = 0;
    }
    const view = this.buffer.subarray(this.used, (this.used += length)) as A;
    view.fill(0);
    return view;
  }
}

/**
 * Number arrays a round borrows, kept between rounds. A round over 10,000 agents needs a few MB
 * of them; allocated afresh each round they made the collector run a full mark-compact every
 * few dozen rounds. A round is synchronous, so one set serves every round in this process;
 * each array handed out is zeroed.
 */
const scratchArrays = {
  ints: new ScratchArrays((length) => new Int32Array(length)),
  floats: new ScratchArrays((length) => new Float64Array(length)),
  bytes: new ScratchArrays((length) => new Uint8Array(length)),
};
const scratch = {
  /** Hands everything back: the next round reuses it. */
  reset(): void {
    for (const arrays of Object.values(scratchArrays)) arrays.reset();
  },
  int32: (length: number): Int32Array => scratchArrays.ints.take(length),
  float64: (length: number): Float64Array => scratchArrays.floats.take(length),
  uint8: (length: number): Uint8Array => scratchArrays.bytes.take(length),
};

/**
 * The calls in call order: higher priority first, then the longest queued (a callback keeps its
 * original caller's time), then id so the order is total. Queue times are read once, not per comparison.
 */
function inCallOrder(calls: readonly WaitingCall[]): WaitingCall[] {
  const queued = scratch.float64(calls.length);
  for (let i = 0; i < calls.length; i++) queued[i] = calls[i]!.queuedAt.getTime();
  const order = calls.map((_, i) => i);
  order.sort((a, b) => {
    const x = calls[a]!;
    const y = calls[b]!;
    return y.priority - x.priority || queued[a]! - queued[b]! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });
  return order.map((i) => calls[i]!);
}

/**
 * The logged-in floor as one round sees it: agents by position, each one's time and load keys
 * read once, and which agents this round has already given a call. Typed arrays, because a round
 * looks at thousands of agents and a Date read or a string hash per look adds up.
 */
class Floor {
  readonly available: Uint8Array;
  readonly idle: Float64Array;
  readonly occupancy: Float64Array;
  readonly lastOffered: Float64Array;
  readonly taken: Uint8Array;

  /**
   * Reads the floor in one pass, and files every agent under each skill of `bySkill` they hold.
   * `forEach`, not `for…of`: iterating a Map's entries makes an array per entry, 60,000 a round here.
   */
  constructor(
    readonly agents: readonly RoutableAgent[],
    bySkill: ReadonlyMap<string, SkillHolders>,
  ) {
    const n = agents.length;
    this.available = scratch.uint8(n);
    this.idle = scratch.float64(n);
    this.occupancy = scratch.float64(n);
    this.lastOffered = scratch.float64(n);
    this.taken = scratch.uint8(n);
    let position = 0;
    const file = (proficiency: number, skill: string) => {
      const holders = bySkill.get(skill);
      if (!holders) return;
      holders.add(position, proficiency);
    };
    for (; position < n; position++) {
      const agent = agents[position]!;
      this.available[position] = agent.available ? 1 : 0;
      this.idle[position] = agent.idleSince.getTime();
      this.occupancy[position] = agent.occupancy;
      this.lastOffered[position] = agent.lastOfferedAt?.getTime() ?? -Infinity;
      agent.skills.forEach(file);
    }
  }
}

/**
 * The agents who hold one skill, by floor position, with their proficiency in it. Typed arrays
 * sized for the whole floor: growing plain arrays to thousands of entries, for a dozen skills a
 * round, made most of a round's garbage.
 */
class SkillHolders {
  count = 0;
  readonly positions: Int32Array;
  readonly proficiencies: Float64Array;

  constructor(capacity: number) {
    this.positions = scratch.int32(capacity);
    this.proficiencies = scratch.float64(capacity);
  }

  add(position: number, proficiency: number): void {
    this.positions[this.count] = position;
    this.proficiencies[this.count++] = proficiency;
  }

  some(predicate: (position: number) => boolean): boolean {
    for (let i = 0; i < this.count; i++) if (predicate(this.positions[i]!)) return true;
    return false;
  }
}

/**
 * The available agents with one skill, best first by one strategy. Ordered lazily: a binary heap
 * is built in O(n) and only as many agents are drawn from it as the round needs, so a round over
 * 10,000 agents does not pay for sorting all of them. Sort keys are smaller-is-better; the agent
 * id ends every tie.
 */
class Ranking {
  /** Floor positions in rank order, as far as drawn. */
  readonly sorted: Int32Array;
  /** Member index of each drawn rank, to read its keys. */
  private readonly sortedMembers: Int32Array;
  /** How many ranks are drawn. */
  private drawn = 0;
  private readonly heap: Int32Array;
  private heapSize: number;

  private constructor(
    private readonly floor: Floor,
    private readonly positions: Int32Array,
    private readonly first: Float64Array,
    private readonly second: Float64Array,
  ) {
    this.sorted = scratch.int32(positions.length);
    this.sortedMembers = scratch.int32(positions.length);
    this.heap = scratch.int32(positions.length);
    for (let i = 0; i < positions.length; i++) this.heap[i] = i;
    this.heapSize = positions.length;
    for (let i = (this.heapSize >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The ranking of `holders` who are available, by `strategy`; undefined when nobody is. */
  static of(floor: Floor, holders: SkillHolders, strategy: RoutingStrategy): Ranking | undefined {
    const count = holders.count;
    const positions = scratch.int32(count);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const at = holders.positions[i]!;
      if (floor.available[at] === 1) positions[n++] = at;
    }
    if (n === 0) return undefined;
    const first = scratch.float64(n);
    const second = scratch.float64(n);
    const { idle } = floor;
    switch (strategy) {
      case RoutingStrategy.MostProficientLongestIdle:
        for (let i = 0, k = 0; i < count; i++) {
          if (holders.positions[i] !== positions[k]) continue;
          first[k] = -holders.proficiencies[i]!;
          second[k] = idle[positions[k]!]!;
          k++;
        }
        break;
      case RoutingStrategy.LongestIdle:
        for (let k = 0; k < n; k++) first[k] = idle[positions[k]!]!;
        break;
      case RoutingStrategy.LeastOccupied:
        for (let k = 0; k < n; k++) {
          first[k] = floor.occupancy[positions[k]!]!;
          second[k] = idle[positions[k]!]!;
        }
        break;
      case RoutingStrategy.RoundRobin:
        for (let k = 0; k < n; k++) {
          first[k] = floor.lastOffered[positions[k]!]!;
          second[k] = idle[positions[k]!]!;
        }
        break;
      default: {
        const unknown: never = strategy;
        throw new Error(`unknown routing strategy ${String(unknown)}`);
      }
    }
    return new Ranking(floor, positions.subarray(0, n), first, second);
  }

  /** The floor position of the agent at rank `index`, or -1 past the end. */
  at(index: number): number {
    while (this.drawn <= index && this.heapSize > 0) {
      const best = this.heap[0]!;
      this.heapSize--;
      if (this.heapSize > 0) {
        this.heap[0] = this.heap[this.heapSize]!;
        this.siftDown(0);
      }
      this.sorted[this.drawn] = this.positions[best]!;
      this.sortedMembers[this.drawn++] = best;
    }
    return index < this.drawn ? this.sorted[index]! : -1;
  }

  /** The first sort key of the agent at rank `index` (already drawn). */
  firstKeyAt(index: number): number {
    return this.first[this.sortedMembers[index]!]!;
  }

  /** Orders the agent at rank `index` here against the one at rank `otherIndex` in `other`. */
  compareAt(index: number, other: Ranking, otherIndex: number): number {
    const a = this.sortedMembers[index]!;
    const b = other.sortedMembers[otherIndex]!;
    return this.first[a]! - other.first[b]! || this.second[a]! - other.second[b]! || compareIds(this.idOf(a), other.idOf(b));
  }

  private idOf(member: number): string {
    return this.floor.agents[this.positions[member]!]!.id;
  }

  private less(a: number, b: number): boolean {
    if (this.first[a] !== this.first[b]) return this.first[a]! < this.first[b]!;
    if (this.second[a] !== this.second[b]) return this.second[a]! < this.second[b]!;
    return this.idOf(a) < this.idOf(b);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const size = this.heapSize;
    for (let i = start; ;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[child]!, heap[i]!)) return;
      const swap = heap[i]!;
      heap[i] = heap[child]!;
      heap[child] = swap;
      i = child;
    }
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Walks one ranking (and, when generalists count, the generalists' ranking beside it) for one
 * requirement. Agents behind the cursor are taken or can never meet this requirement.
 */
class CandidateCursor {
  private position = 0;
  private generalPosition = 0;

  constructor(
    private readonly floor: Floor,
    private readonly requirement: Requirement,
    private readonly ranking: Ranking | undefined,
    private readonly generalists: Ranking | undefined,
    private readonly sortedByProficiency: boolean,
  ) {}

  /** Takes the best agent not yet taken, not excluded by this call, who meets the requirement. */
  take(excluded: readonly string[]): RoutableAgent | undefined {
    const topic = this.ranking ? this.next(this.ranking, false, excluded) : -1;
    const general = this.generalists ? this.next(this.generalists, true, excluded) : -1;
    let position = -1;
    if (general >= 0 && (topic < 0 || this.generalists!.compareAt(general, this.ranking!, topic) < 0)) position = this.generalists!.sorted[general]!;
    else if (topic >= 0) position = this.ranking!.sorted[topic]!;
    if (position < 0) return undefined;
    this.floor.taken[position] = 1;
    return this.floor.agents[position];
  }

  /** Rank of the best candidate in `ranking` for this call, or -1; moves the cursor past agents no call of this requirement can have. */
  private next(ranking: Ranking, general: boolean, excluded: readonly string[]): number {
    // In a most-proficient ranking everyone after the first below the minimum is below it too.
    const cutAtMinimum = !general && this.sortedByProficiency;
    const { minProficiency } = this.requirement;
    let position = general ? this.generalPosition : this.position;
    for (let at = ranking.at(position); at >= 0 && !(cutAtMinimum && -ranking.firstKeyAt(position) < minProficiency); at = ranking.at(++position)) {
      if (this.free(at, general)) break;
    }
    if (general) this.generalPosition = position;
    else this.position = position;
    for (let rank = position, at = ranking.at(rank); at >= 0 && !(cutAtMinimum && -ranking.firstKeyAt(rank) < minProficiency); at = ranking.at(++rank)) {
      if (this.free(at, general) && !excluded.includes(this.floor.agents[at]!.id)) return rank;
    }
    return -1;
  }

  /**
   * Whether the agent at floor position `at` is untaken and meets this requirement (a generalist
   * needs only the language). A method, not a closure per call: those were a round's largest garbage.
   */
  private free(at: number, general: boolean): boolean {
    if (this.floor.taken[at] !== 0) return false;
    const skills = this.floor.agents[at]!.skills;
    return skills.has(this.requirement.languageSkill) && (general || (skills.get(this.requirement.skill) ?? 0) >= this.requirement.minProficiency);
  }
}

/**
 * One routing round (DESIGN §4), pure and deterministic. Calls are served in call order; each
 * takes the best available agent that meets its current escalation requirement, by its topic's
 * strategy. Greedy in call order, so it is work-conserving (no call is left waiting while a free
 * agent meets its requirement) and FIFO among calls with the same requirement and priority.
 *
 * Agents are indexed once per round under the skills the waiting calls' topics need; each
 * (skill, strategy) ranking is drawn lazily from a heap, and each distinct requirement walks it
 * with its own cursor, so a round costs about the size of the floor plus a logarithm per agent
 * actually considered.
 */
export function planRound(calls: readonly WaitingCall[], agents: readonly RoutableAgent[], now: Date): RoundPlan {
  scratch.reset();
  // One pass over the floor: every logged-in agent under each skill a waiting call's topic needs
  // (languages are checked per agent, never ranked).
  const bySkill = new Map<string, SkillHolders>();
  for (const call of calls) if (!bySkill.has(call.topic.skill)) bySkill.set(call.topic.skill, new SkillHolders(agents.length));
  if (!bySkill.has(GENERAL_SKILL)) bySkill.set(GENERAL_SKILL, new SkillHolders(agents.length));
  const floor = new Floor(agents, bySkill);

  // Escalation skips a step only when nobody logged in (available or busy) could meet it.
  const couldMatchCache = new Map<string, boolean>();
  const couldEverMatch = (r: Requirement) => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}`;
    let answer = couldMatchCache.get(key);
    if (answer === undefined) {
      const meets = (at: number) => meetsRequirement(agents[at]!.skills, r);
      answer = (bySkill.get(r.skill)?.some(meets) ?? false) || (r.includeGeneralists && (bySkill.get(GENERAL_SKILL)?.some(meets) ?? false));
      couldMatchCache.set(key, answer);
    }
    return answer;
  };

  // Offers go to available agents only, ranked per skill and strategy when first needed.
  const rankings = new Map<string, Ranking | undefined>();
  const rankingOf = (skill: string, strategy: RoutingStrategy): Ranking | undefined => {
    const key = `${skill}|${strategy}`;
    if (!rankings.has(key)) rankings.set(key, Ranking.of(floor, bySkill.get(skill)!, strategy));
    return rankings.get(key);
  };

  const cursors = new Map<string, CandidateCursor>();
  const cursorFor = (r: Requirement, strategy: RoutingStrategy): CandidateCursor => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}|${strategy}`;
    let cursor = cursors.get(key);
    if (!cursor) {
      const generalists = r.includeGeneralists ? rankingOf(GENERAL_SKILL, strategy) : undefined;
      cursor = new CandidateCursor(floor, r, rankingOf(r.skill, strategy), generalists, strategy === RoutingStrategy.MostProficientLongestIdle);
      cursors.set(key, cursor);
    }
    return cursor;
  };

  const escalations = new Map<string, EscalationState>();
  const assignments: Assignment[] = [];
  // Where a call stands depends only on its topic, language and the step its age has reached;
  // each such state has one cursor. Cached without building string keys: a round has 1,000 calls.
  const escalationCache = new Map<TopicRouting, Map<string, EscalationState[]>>();
  const cursorOfState = new Map<EscalationState, CandidateCursor>();
  const nowMs = now.getTime();
  const escalationOf = (call: WaitingCall): EscalationState => {
    const reached = Math.max(call.escalationStep, stepReachedAt(call.topic, Math.max(0, (nowMs - call.waitingSince.getTime()) / 1000)));
    let byTopic = escalationCache.get(call.topic);
    if (!byTopic) escalationCache.set(call.topic, (byTopic = new Map()));
    let byStep = byTopic.get(call.languageSkill);
    if (!byStep) byTopic.set(call.languageSkill, (byStep = []));
    return (byStep[reached + 1] ??= escalationFromStep(call.topic, call.languageSkill, reached, couldEverMatch));
  };

  for (const call of inCallOrder(calls)) {
    const escalation = escalationOf(call);
    escalations.set(call.id, escalation);
    let cursor = cursorOfState.get(escalation);
    if (!cursor) cursorOfState.set(escalation, (cursor = cursorFor(escalation.requirement, call.topic.strategy)));
    const agent = cursor.take(call.excludedAgentIds);
    if (agent) assignments.push({ callId: call.id, agentId: agent.id });
  }
  return { assignments, escalations };
}
