import { RoutingStrategy } from '@fc/contracts';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
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

/**
 * The positions of `calls` in call order: higher priority first, then the longest queued (a callback keeps its
 * original caller's time), then id so the order is total. Queue times are read once, not per comparison.
 */
function inCallOrder(calls: readonly WaitingCall[]): Int32Array {
  const n = calls.length;
  const priority = new Float64Array(n);
  const queued = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    priority[i] = calls[i]!.priority;
    queued[i] = calls[i]!.queuedAt.getTime();
    order[i] = i;
  }
  return order.sort((a, b) => priority[b]! - priority[a]! || queued[a]! - queued[b]! || compareIds(calls[a]!.id, calls[b]!.id));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A logged-in agent in the index, with where each ranking holds them now. */
class IndexedAgent {
  /** The round that last took this agent (or left them out): "taken" needs no reset between rounds. */
  takenIn = 0;
  /** Each ranking the agent is in, with the entry it holds them under (to take them out again). */
  readonly entries = new Map<Ranking, RankEntry>();

  constructor(public agent: RoutableAgent) {}
}

/**
 * An agent's place in one ranking: sort keys, smaller first; the agent id ends every tie. Kept
 * with the agent and rewritten in place when they move (only while out of the tree), so a
 * change allocates nothing that outlives it.
 */
class RankEntry {
  first = 0;
  second = 0;
  /** The agent's proficiency in the ranked skill. */
  proficiency = 0;
  inTree = false;

  constructor(
    readonly id: string,
    readonly indexed: IndexedAgent,
  ) {}
}

function compareEntries(a: RankEntry, b: RankEntry): number {
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  if (a.second !== b.second) return a.second < b.second ? -1 : 1;
  return compareIds(a.id, b.id);
}

/** What the rankings use of sorted-btree's `BTree` (a B+ tree with a comparator), made by its `bulkLoad`. */
interface SortedTree<K> {
  set(key: K, value: undefined): boolean;
  delete(key: K): boolean;
  minKey(): K | undefined;
  maxKey(): K | undefined;
  forRange(low: K, high: K, includeHigh: boolean, onFound: (key: K) => typeof BREAK | undefined): unknown;
}
type RankTree = SortedTree<RankEntry>;
/** Tells `forRange` to stop. */
const BREAK = { break: true };
/** The B+ tree's branching factor: the one measured in decision 0057 (the library's default is 32). */
const NODE_SIZE = 64;

/**
 * The available agents who hold one skill, best first by one strategy, as a sorted tree kept
 * between rounds: an agent's change moves that agent alone, in a logarithm of the floor, and a
 * round walks from the best only as far as it needs.
 */
class Ranking {
  readonly tree: RankTree;
  /** The keys {@link rank} last worked out: one object for every change, not one per change. */
  private readonly keys = { first: 0, second: 0, proficiency: 0 };

  constructor(
    readonly skill: string,
    readonly strategy: RoutingStrategy,
    holders: Iterable<IndexedAgent>,
  ) {
    const entries: RankEntry[] = [];
    for (const indexed of holders) {
      if (!this.rank(indexed.agent)) continue;
      const entry = this.entryOf(indexed);
      Object.assign(entry, this.keys);
      entry.inTree = true;
      entries.push(entry);
    }
    entries.sort(compareEntries);
    this.tree = bulkLoad(entries, new Array<undefined>(entries.length), NODE_SIZE, compareEntries) as RankTree;
  }

  /** Moves the agent to where their current row ranks them: out, when no longer available or skilled. */
  update(indexed: IndexedAgent): void {
    const entry = this.entryOf(indexed);
    const belongs = this.rank(indexed.agent);
    const { keys } = this;
    if (entry.inTree) {
      if (belongs && entry.first === keys.first && entry.second === keys.second && entry.proficiency === keys.proficiency) return;
      // The tree finds an entry by its keys: out under the old ones before they are rewritten.
      this.tree.delete(entry);
      entry.inTree = false;
    }
    if (belongs) {
      Object.assign(entry, keys);
      this.tree.set(entry, undefined);
      entry.inTree = true;
    }
  }

  /** This ranking's entry for the agent, made the first time. */
  private entryOf(indexed: IndexedAgent): RankEntry {
    let entry = indexed.entries.get(this);
    if (!entry) indexed.entries.set(this, (entry = new RankEntry(indexed.agent.id, indexed)));
    return entry;
  }

  /** Works out the agent's keys by this strategy into `keys`; false when they rank nowhere: not available, or without the skill. */
  private rank(agent: RoutableAgent): boolean {
    const proficiency = agent.skills.get(this.skill);
    if (!agent.available || proficiency === undefined) return false;
    const { keys } = this;
    const idle = agent.idleSince.getTime();
    keys.proficiency = proficiency;
    switch (this.strategy) {
      case RoutingStrategy.MostProficientLongestIdle:
        keys.first = -proficiency;
        keys.second = idle;
        return true;
      case RoutingStrategy.LongestIdle:
        keys.first = idle;
        keys.second = 0;
        return true;
      case RoutingStrategy.LeastOccupied:
        keys.first = agent.occupancy;
        keys.second = idle;
        return true;
      case RoutingStrategy.RoundRobin:
        keys.first = agent.lastOfferedAt?.getTime() ?? -Infinity;
        keys.second = idle;
        return true;
      default: {
        const unknown: never = this.strategy;
        throw new Error(`unknown routing strategy ${String(unknown)}`);
      }
    }
  }
}

/** How many entries a round's walk draws from a tree at a time: most requirements need only the first few. */
const DRAW = 32;

/** One round's walk along a ranking: drawn from its tree in order, a few at a time, only as far as the round asks. */
class RoundRanking {
  private readonly drawn: RankEntry[] = [];
  private exhausted = false;

  constructor(private readonly tree: RankTree) {}

  /** The entry at rank `index`, or undefined past the end. */
  at(index: number): RankEntry | undefined {
    while (this.drawn.length <= index && !this.exhausted) this.draw();
    return this.drawn[index];
  }

  /** The next few entries after the last drawn, without an iterator's allocation per entry. */
  private draw(): void {
    const { drawn, tree } = this;
    const after = drawn.at(-1);
    const low = after ?? tree.minKey();
    const high = tree.maxKey();
    let found = 0;
    if (low !== undefined && high !== undefined) {
      tree.forRange(low, high, true, (key) => {
        if (key === after) return undefined;
        drawn.push(key);
        return ++found === DRAW ? BREAK : undefined;
      });
    }
    if (found < DRAW) this.exhausted = true;
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
    private readonly round: number,
    private readonly requirement: Requirement,
    private readonly ranking: RoundRanking,
    private readonly generalists: RoundRanking | undefined,
    private readonly sortedByProficiency: boolean,
  ) {}

  /** Takes the best agent not yet taken, not excluded by this call, who meets the requirement. */
  take(excluded: readonly string[]): RoutableAgent | undefined {
    const topic = this.next(this.ranking, false, excluded);
    const general = this.generalists ? this.next(this.generalists, true, excluded) : undefined;
    const best = general && (!topic || compareEntries(general, topic) < 0) ? general : topic;
    if (!best) return undefined;
    best.indexed.takenIn = this.round;
    return best.indexed.agent;
  }

  /** The best candidate in `ranking` for this call; moves the cursor past agents no call of this requirement can have. */
  private next(ranking: RoundRanking, general: boolean, excluded: readonly string[]): RankEntry | undefined {
    let position = general ? this.generalPosition : this.position;
    for (let entry = ranking.at(position); entry && this.within(entry, general); entry = ranking.at(++position)) {
      if (this.free(entry, general)) break;
    }
    if (general) this.generalPosition = position;
    else this.position = position;
    for (let rank = position, entry = ranking.at(rank); entry && this.within(entry, general); entry = ranking.at(++rank)) {
      if (this.free(entry, general) && (excluded.length === 0 || !excluded.includes(entry.id))) return entry;
    }
    return undefined;
  }

  /** Whether the entry could meet this requirement: in a most-proficient ranking of the topic's skill, everyone after the first below the minimum is below it too. */
  private within(entry: RankEntry, general: boolean): boolean {
    return general || !this.sortedByProficiency || entry.proficiency >= this.requirement.minProficiency;
  }

  /** Whether the entry's agent is untaken and meets this requirement (a generalist needs only the language). */
  private free(entry: RankEntry, general: boolean): boolean {
    if (entry.indexed.takenIn === this.round || !entry.indexed.agent.skills.has(this.requirement.languageSkill)) return false;
    return general || entry.proficiency >= this.requirement.minProficiency;
  }
}

/**
 * The logged-in floor as routing ranks it, kept between rounds (docs/decisions/0057): each agent
 * under every skill they hold, and the available ones in a sorted ranking per skill and strategy
 * that some round has needed. An agent's change ({@link put}, {@link remove}) moves that agent
 * alone; a round ({@link plan}) costs the calls it plans and the agents it walks past, not the floor.
 */
export class RoutingIndex {
  private readonly byId = new Map<string, IndexedAgent>();
  /** Every logged-in agent (available or busy) under each skill they hold: escalation's skip test reads them. */
  private readonly holders = new Map<string, Set<IndexedAgent>>();
  private readonly rankings = new Map<string, Map<RoutingStrategy, Ranking>>();
  private rounds = 0;

  /** A logged-in agent, as routing sees them now: added, or moved to where their new row ranks them. */
  put(agent: RoutableAgent): void {
    let indexed = this.byId.get(agent.id);
    const before = indexed?.agent;
    if (indexed) indexed.agent = agent;
    else this.byId.set(agent.id, (indexed = new IndexedAgent(agent)));
    if (before) {
      for (const skill of before.skills.keys()) {
        if (agent.skills.has(skill)) continue;
        this.holders.get(skill)?.delete(indexed);
        this.rankings.get(skill)?.forEach((ranking) => ranking.update(indexed));
      }
    }
    for (const skill of agent.skills.keys()) {
      let holders = this.holders.get(skill);
      if (!holders) this.holders.set(skill, (holders = new Set()));
      holders.add(indexed);
      this.rankings.get(skill)?.forEach((ranking) => ranking.update(indexed));
    }
  }

  /** An agent who has logged out, or is no longer routed to. */
  remove(agentId: string): void {
    const indexed = this.byId.get(agentId);
    if (!indexed) return;
    for (const [ranking, entry] of indexed.entries) if (entry.inTree) ranking.tree.delete(entry);
    for (const skill of indexed.agent.skills.keys()) this.holders.get(skill)?.delete(indexed);
    this.byId.delete(agentId);
  }

  /** The agents the index holds, as last put. */
  *agents(): IterableIterator<RoutableAgent> {
    for (const { agent } of this.byId.values()) yield agent;
  }

  /**
   * One routing round (DESIGN §4), pure and deterministic for the floor the index holds. Calls
   * are served in call order; each takes the best available agent that meets its current
   * escalation requirement, by its topic's strategy. Greedy in call order, so it is
   * work-conserving (no call is left waiting while a free agent meets its requirement) and FIFO
   * among calls with the same requirement and priority.
   *
   * Each distinct requirement walks its (skill, strategy) ranking with its own cursor, from the
   * best agent on, so a round costs about a logarithm of the floor per agent it considers.
   *
   * @param unavailable agents this round must not offer to, though the index holds them available.
   */
  plan(calls: readonly WaitingCall[], now: Date, unavailable: Iterable<string> = []): RoundPlan {
    const round = ++this.rounds;
    for (const id of unavailable) {
      const indexed = this.byId.get(id);
      if (indexed) indexed.takenIn = round;
    }

    // Escalation skips a step only when nobody logged in (available or busy) could meet it.
    const couldMatchCache = new Map<string, boolean>();
    const couldEverMatch = (r: Requirement) => {
      const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}`;
      let answer = couldMatchCache.get(key);
      if (answer === undefined) {
        answer = this.someHolder(r.skill, r.languageSkill, r.minProficiency) || (r.includeGeneralists && this.someHolder(GENERAL_SKILL, r.languageSkill, 0));
        couldMatchCache.set(key, answer);
      }
      return answer;
    };

    const walks = new Map<Ranking, RoundRanking>();
    const walkOf = (skill: string, strategy: RoutingStrategy): RoundRanking => {
      const ranking = this.rankingOf(skill, strategy);
      let walk = walks.get(ranking);
      if (!walk) walks.set(ranking, (walk = new RoundRanking(ranking.tree)));
      return walk;
    };

    const cursors = new Map<string, CandidateCursor>();
    const cursorFor = (r: Requirement, strategy: RoutingStrategy): CandidateCursor => {
      const key = `${r.skill}|${r.minProficiency}|${r.languageSkill}|${r.includeGeneralists}|${strategy}`;
      let cursor = cursors.get(key);
      if (!cursor) {
        const generalists = r.includeGeneralists ? walkOf(GENERAL_SKILL, strategy) : undefined;
        cursor = new CandidateCursor(round, r, walkOf(r.skill, strategy), generalists, strategy === RoutingStrategy.MostProficientLongestIdle);
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

  /** Whether some logged-in agent holds `skill` at `minProficiency` or more and speaks `language`. */
  private someHolder(skill: string, language: string, minProficiency: number): boolean {
    const holders = this.holders.get(skill);
    if (holders) for (const { agent } of holders) if (agent.skills.get(skill)! >= minProficiency && agent.skills.has(language)) return true;
    return false;
  }

  /** The ranking of `skill` by `strategy`, made from the skill's holders the first time a round needs it. */
  private rankingOf(skill: string, strategy: RoutingStrategy): Ranking {
    let bySkill = this.rankings.get(skill);
    if (!bySkill) this.rankings.set(skill, (bySkill = new Map()));
    let ranking = bySkill.get(strategy);
    if (!ranking) bySkill.set(strategy, (ranking = new Ranking(skill, strategy, this.holders.get(skill) ?? [])));
    return ranking;
  }
}

/**
 * One routing round over `agents` as they are now, for whoever plans once (the offline
 * simulation, tests): an index of them, planned. The routing leader keeps its index between rounds.
 */
export function planRound(calls: readonly WaitingCall[], agents: readonly RoutableAgent[], now: Date): RoundPlan {
  const index = new RoutingIndex();
  for (const agent of agents) index.put(agent);
  return index.plan(calls, now);
}
