import { RoutingStrategy } from '@fc/contracts';
import { GENERAL_SKILL, escalationFromStep, stepReachedAt, type EscalationState, type Requirement, type TopicRouting } from './escalation.js';

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
  /** Where each waiting call stands in its escalation now: `escalations[i]` is for `calls[i]`. */
  escalations: EscalationState[];
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
 * The positions of `calls` in call order: higher priority first, then the longest queued (a callback keeps its
 * original caller's time), then id so the order is total. Queue times are read once, not per comparison.
 */
function inCallOrder(calls: readonly WaitingCall[]): number[] {
  const queued = scratch.float64(calls.length);
  for (let i = 0; i < calls.length; i++) queued[i] = calls[i]!.queuedAt.getTime();
  const order = calls.map((_, i) => i);
  order.sort((a, b) => {
    const x = calls[a]!;
    const y = calls[b]!;
    return y.priority - x.priority || queued[a]! - queued[b]! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });
  return order;
}

/**
 * The logged-in floor as one round sees it: agents by position, each one's time and load keys
 * read once, which agents speak each language a waiting call needs, and which agents this round
 * has already given a call. Typed arrays, because a round looks at thousands of agents and a Date
 * read or a string hash per look adds up.
 */
class Floor {
  readonly available: Uint8Array;
  readonly idle: Float64Array;
  readonly occupancy: Float64Array;
  readonly lastOffered: Float64Array;
  readonly taken: Uint8Array;

  /**
   * Reads the floor in one pass, and files every agent under each skill of `index` they hold: as a
   * holder of a topic's skill, as a speaker of a language. One Map lookup per skill an agent holds.
   * `forEach`, not `for…of`: iterating a Map's entries makes an array per entry, 60,000 a round here.
   */
  constructor(
    readonly agents: readonly RoutableAgent[],
    index: ReadonlyMap<string, SkillIndex>,
  ) {
    const n = agents.length;
    this.available = scratch.uint8(n);
    this.idle = scratch.float64(n);
    this.occupancy = scratch.float64(n);
    this.lastOffered = scratch.float64(n);
    this.taken = scratch.uint8(n);
    let position = 0;
    const file = (proficiency: number, skill: string) => {
      const entry = index.get(skill);
      if (!entry) return;
      entry.holders?.add(position, proficiency);
      if (entry.speakers) entry.speakers[position] = 1;
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
 * What one round files under a skill: who holds it (a topic's skill, or `general`) and who speaks
 * it (a waiting call's language), so neither needs a lookup in an agent's skills later. A class
 * with both fields always set, so every entry has one shape and filing 60,000 skills stays fast.
 */
class SkillIndex {
  holders: SkillHolders | null = null;
  /** 1 at the floor position of each agent with this language. */
  speakers: Uint8Array | null = null;
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

  /** Whether one of them has at least `minProficiency` in this skill and speaks by `speakers`. */
  someWith(minProficiency: number, speakers: Uint8Array): boolean {
    for (let i = 0; i < this.count; i++) if (this.proficiencies[i]! >= minProficiency && speakers[this.positions[i]!] === 1) return true;
    return false;
  }

  /** Whether one of them speaks by `speakers`. */
  someSpeaking(speakers: Uint8Array): boolean {
    for (let i = 0; i < this.count; i++) if (speakers[this.positions[i]!] === 1) return true;
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
  /** The undrawn members, as a binary heap by their keys. */
  private readonly heap: Int32Array;
  private heapSize: number;

  private constructor(
    private readonly floor: Floor,
    private readonly positions: Int32Array,
    private readonly proficiencies: Float64Array,
    private readonly first: Float64Array,
    private readonly second: Float64Array,
  ) {
    const n = positions.length;
    this.sorted = scratch.int32(n);
    this.sortedMembers = scratch.int32(n);
    this.heap = scratch.int32(n);
    for (let i = 0; i < n; i++) this.heap[i] = i;
    this.heapSize = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The ranking of `holders` who are available, by `strategy`; undefined when nobody is. */
  static of(floor: Floor, holders: SkillHolders, strategy: RoutingStrategy): Ranking | undefined {
    const count = holders.count;
    const positions = scratch.int32(count);
    const proficiencies = scratch.float64(count);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const at = holders.positions[i]!;
      if (floor.available[at] !== 1) continue;
      positions[n] = at;
      proficiencies[n++] = holders.proficiencies[i]!;
    }
    if (n === 0) return undefined;
    const first = scratch.float64(n);
    const second = scratch.float64(n);
    const { idle } = floor;
    switch (strategy) {
      case RoutingStrategy.MostProficientLongestIdle:
        for (let k = 0; k < n; k++) {
          first[k] = -proficiencies[k]!;
          second[k] = idle[positions[k]!]!;
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
    return new Ranking(floor, positions.subarray(0, n), proficiencies.subarray(0, n), first, second);
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

  /** The proficiency in the ranked skill of the agent at rank `index` (already drawn). */
  proficiencyAt(index: number): number {
    return this.proficiencies[this.sortedMembers[index]!]!;
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
    /** 1 at the floor position of each agent who speaks the requirement's language. */
    private readonly speakers: Uint8Array,
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
    let position = general ? this.generalPosition : this.position;
    for (; this.within(ranking, position, general); position++) {
      if (this.free(ranking, position, general)) break;
    }
    if (general) this.generalPosition = position;
    else this.position = position;
    for (let rank = position; this.within(ranking, rank, general); rank++) {
      if (this.free(ranking, rank, general) && (excluded.length === 0 || !excluded.includes(this.floor.agents[ranking.sorted[rank]!]!.id))) return rank;
    }
    return -1;
  }

  /**
   * Whether `rank` is in `ranking` and could meet this requirement: in a most-proficient ranking
   * of the topic's skill, everyone after the first below the minimum is below it too.
   */
  private within(ranking: Ranking, rank: number, general: boolean): boolean {
    if (ranking.at(rank) < 0) return false;
    return general || !this.sortedByProficiency || ranking.proficiencyAt(rank) >= this.requirement.minProficiency;
  }

  /**
   * Whether the agent at `rank` (drawn) is untaken and meets this requirement (a generalist needs
   * only the language). Read from the round's index, not the agent's skills: no lookup by name.
   */
  private free(ranking: Ranking, rank: number, general: boolean): boolean {
    const at = ranking.sorted[rank]!;
    if (this.floor.taken[at] !== 0 || this.speakers[at] !== 1) return false;
    return general || ranking.proficiencyAt(rank) >= this.requirement.minProficiency;
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
  // One pass over the floor: every logged-in agent under each skill a waiting call's topic needs,
  // and each language a waiting call speaks (languages are checked per agent, never ranked).
  const index = new Map<string, SkillIndex>();
  const entryOf = (skill: string): SkillIndex => {
    let entry = index.get(skill);
    if (!entry) index.set(skill, (entry = new SkillIndex()));
    return entry;
  };
  entryOf(GENERAL_SKILL).holders = new SkillHolders(agents.length);
  for (const call of calls) {
    entryOf(call.topic.skill).holders ??= new SkillHolders(agents.length);
    entryOf(call.languageSkill).speakers ??= scratch.uint8(agents.length);
  }
  const floor = new Floor(agents, index);
  const holdersOf = (skill: string) => index.get(skill)!.holders!;
  const speakersOf = (language: string) => index.get(language)!.speakers!;

  // Escalation skips a step only when nobody logged in (available or busy) could meet it.
  const couldMatchCache = new Map<string, boolean>();
  const couldEverMatch = (r: Requirement) => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}`;
    let answer = couldMatchCache.get(key);
    if (answer === undefined) {
      const speakers = speakersOf(r.languageSkill);
      answer = holdersOf(r.skill).someWith(r.minProficiency, speakers) || (r.includeGeneralists && holdersOf(GENERAL_SKILL).someSpeaking(speakers));
      couldMatchCache.set(key, answer);
    }
    return answer;
  };

  // Offers go to available agents only, ranked per skill and strategy when first needed.
  const rankings = new Map<string, Ranking | undefined>();
  const rankingOf = (skill: string, strategy: RoutingStrategy): Ranking | undefined => {
    const key = `${skill}|${strategy}`;
    if (!rankings.has(key)) rankings.set(key, Ranking.of(floor, holdersOf(skill), strategy));
    return rankings.get(key);
  };

  const cursors = new Map<string, CandidateCursor>();
  const cursorFor = (r: Requirement, strategy: RoutingStrategy): CandidateCursor => {
    const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}|${strategy}`;
    let cursor = cursors.get(key);
    if (!cursor) {
      const generalists = r.includeGeneralists ? rankingOf(GENERAL_SKILL, strategy) : undefined;
      cursor = new CandidateCursor(floor, r, speakersOf(r.languageSkill), rankingOf(r.skill, strategy), generalists, strategy === RoutingStrategy.MostProficientLongestIdle);
      cursors.set(key, cursor);
    }
    return cursor;
  };

  const escalations = new Array<EscalationState>(calls.length);
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

  for (const i of inCallOrder(calls)) {
    const call = calls[i]!;
    const escalation = (escalations[i] = escalationOf(call));
    let cursor = cursorOfState.get(escalation);
    if (!cursor) cursorOfState.set(escalation, (cursor = cursorFor(escalation.requirement, call.topic.strategy)));
    const agent = cursor.take(call.excludedAgentIds);
    if (agent) assignments.push({ callId: call.id, agentId: agent.id });
  }
  return { assignments, escalations };
}
