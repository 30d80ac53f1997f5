import { AgentState, CallState, RoutingStrategy, languageSkillKey, type AgentOutcome, type Outcome } from '@fc/contracts';
import {
  CallAction,
  HAND_BACK_COOLDOWN_SEC,
  addTallies,
  attributeCall,
  callFigures,
  emptyTally,
  journeyEventOf,
  occupancy,
  planRound,
  seededRandom,
  stepsInTimeOrder,
  transferredPriority,
  transition,
  type CallFigures,
  type CallTally,
  type RoutableAgent,
  type Ratio,
  type TimelineEvent,
  type TopicCatalog,
  type TopicRouting,
  type WaitingCall,
} from '@fc/domain';
import { ArrivalStream, type Arrival } from './arrivals.js';
import { callsAgain, decideHandling, type CallHandling } from './call-handling.js';
import { sample, type Random } from './distributions.js';
import { EventQueue } from './event-queue.js';
import { minutesOf, type Scenario, type ScenarioTopic } from './scenario.js';

/**
 * How waiting calls meet agents. `skills`: the product's routing — each topic's skill, minimum
 * proficiency, escalation steps, priority and strategy, transferred calls boosted. `fifo`: one
 * queue, first come first served, to the longest-idle agent whatever their skills or languages.
 */
export type RoutingMode = 'skills' | 'fifo';

export interface OfflineOptions {
  routing: RoutingMode;
  /** Take arrivals until this many fresh calls (the Erlang case), instead of the scenario's day. */
  calls?: number;
  /** Calls at the start not measured, so a run that starts empty is measured in its steady state. */
  warmupCalls?: number;
}

/** One call as the run ended it: the facts the figures are computed from. */
export interface SimulatedCall {
  index: number;
  direction: 'inbound' | 'callback';
  /** The IVR choice, the topic at the end (after transfers) and the real need. */
  firstTopicKey: string;
  topicKey: string;
  needKey: string;
  language: string;
  hasNumber: boolean;
  isRepeat: boolean;
  arrivedSec: number;
  queuedSec: number;
  answeredSec: number | null;
  endedSec: number | null;
  completedSec: number | null;
  state: CallState;
  outcome: Outcome | null;
  transferCount: number;
  /** The agents who talked with the caller, in order. */
  agentIds: string[];
  measured: boolean;
}

export interface FiguresRow {
  figures: CallFigures;
  /** Transfers over answered calls: how often a caller is passed on. */
  transfersPerCall: number | null;
  /** Share of answered calls that waited at all (Erlang's P(wait)). */
  pWait: Ratio;
}

export interface OfflineResult {
  scenario: string;
  routing: RoutingMode;
  /** The whole run, measured calls only. */
  total: FiguresRow;
  /** By hour of day the call queued (0–23), only hours with calls. */
  byHour: ({ hour: number } & FiguresRow)[];
  /**
   * Per queue visit, as the product's topic rows (DESIGN §7): each topic counts every visit to its
   * queue — from the IVR and after a transfer — with the transfers made there; the outcome counts for
   * the topic that finished the call.
   */
  byTopic: ({ topicKey: string } & FiguresRow)[];
  occupancy: Ratio;
  callbacks: number;
  repeats: number;
  /** Callbacks still waiting when the day ended: nobody left on shift had the skill and language to take them. */
  strandedAtClose: number;
  /**
   * Standard errors of service level, ASA and P(wait) by batch means (20 batches in arrival order),
   * for judging a run's precision; null below 200 measured calls.
   */
  standardError: { serviceLevel: number; asaSec: number; pWait: number } | null;
  calls: SimulatedCall[];
  simulatedSec: number;
  rounds: number;
  wallMs: number;
}

const BASE_MS = Date.UTC(2026, 0, 5);
const FIFO_SKILL = 'fifo:any';
const FIFO_ROUTING: TopicRouting & { strategy: RoutingStrategy } = { skill: FIFO_SKILL, minProficiency: 1, steps: [], strategy: RoutingStrategy.LongestIdle };
const BATCHES = 20;

interface SimCall {
  id: string;
  index: number;
  direction: 'inbound' | 'callback';
  firstTopic: ScenarioTopic;
  topic: ScenarioTopic;
  need: ScenarioTopic;
  language: string;
  languageSkill: string;
  callerId: number | null;
  isRepeat: boolean;
  arrivedSec: number;
  queuedSec: number;
  queuedAt: Date;
  waitingSince: Date;
  /** The escalation step reached in the current topic; -1 before the first. */
  escalationStep: number;
  priority: number;
  state: CallState;
  agent: SimAgent | null;
  answeredSec: number | null;
  endedSec: number | null;
  completedSec: number | null;
  outcome: Outcome | null;
  transferCount: number;
  agentIds: string[];
  excluded: Map<string, number>;
  /** Bumped whenever a pending abandon no longer applies (answered, or a new wait began). */
  patienceToken: number;
  callbackOffered: boolean;
  nextStepDueSec: number | null;
  repeatContactSec: number | null;
  measured: boolean;
  /** The journey as the product would log it: what the metrics' attribution reads. */
  journey: TimelineEvent[];
}

interface SimAgent {
  id: string;
  skills: Map<string, number>;
  /** What routing sees: the real skills, or in FIFO mode one skill every agent has. */
  routingSkills: Map<string, number>;
  state: AgentState;
  since: number;
  idleSince: Date;
  lastOfferedAt: Date | null;
  call: SimCall | null;
  onShift: boolean;
  /** A break that falls due while busy starts when the call in hand is done. */
  pendingBreakMin: number | null;
  busySec: number;
  workingSec: number;
}

type SimEvent =
  | { kind: 'arrival'; arrival: Arrival; repeatOf: SimCall | null }
  | { kind: 'abandon'; call: SimCall; token: number }
  | { kind: 'stepDue'; call: SimCall }
  /** An agent's hand-back cool-down for a call ran out: they may be offered it again. */
  | { kind: 'cooldownEnd' }
  | { kind: 'answer'; call: SimCall; agent: SimAgent; accept: boolean }
  | { kind: 'talkEnd'; call: SimCall; agent: SimAgent; handling: CallHandling }
  | { kind: 'wrapUpEnd'; call: SimCall; agent: SimAgent; outcome: AgentOutcome }
  | { kind: 'shiftStart'; agent: SimAgent }
  | { kind: 'shiftEnd'; agent: SimAgent }
  | { kind: 'breakStart'; agent: SimAgent; minutes: number }
  | { kind: 'breakEnd'; agent: SimAgent };

/** What a call that has just arrived has not yet had: a place in the queue, an agent, an answer, an end. */
function notYetHandled(): Pick<SimCall, 'state' | 'agent' | 'answeredSec' | 'endedSec' | 'completedSec' | 'outcome' | 'transferCount' | 'agentIds' | 'excluded' | 'patienceToken' | 'nextStepDueSec'> {
  return {
    state: CallState.Arrived,
    agent: null,
    answeredSec: null,
    endedSec: null,
    completedSec: null,
    outcome: null,
    transferCount: 0,
    agentIds: [],
    excluded: new Map(),
    patienceToken: 0,
    nextStepDueSec: null,
  };
}

/**
 * The offline mode (DESIGN §9): a discrete-event simulation of a scenario on a virtual clock. Calls
 * arrive, wait, are offered, answered, passed on and closed as in the product, and every routing
 * decision is the product's own `planRound` from libs/domain, run whenever something changed. The
 * figures are the product's own attribution and formulas (`attributeCall`, `callFigures`) over the
 * simulated calls' journeys.
 */
export function simulateOffline(scenario: Scenario, options: OfflineOptions): OfflineResult {
  return new OfflineSimulation(scenario, options).run();
}

class OfflineSimulation {
  private readonly events = new EventQueue<SimEvent>();
  private readonly calls: SimCall[] = [];
  private readonly queued = new Set<SimCall>();
  private readonly agents: SimAgent[];
  private readonly lastCallOf = new Map<string, SimCall>();
  private readonly arrivals: ArrivalStream;
  /** Patience of a caller's first wait, drawn in arrival order so both routings meet the same callers. */
  private readonly callerRandom: Random;
  private readonly random: Random;
  private readonly arrivalsUntilSec: number;
  private now = 0;
  private freshCalls = 0;
  private rounds = 0;
  private callbacks = 0;
  private stepDue = false;
  private dirty = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: OfflineOptions,
  ) {
    this.arrivals = new ArrivalStream(scenario, seededRandom(scenario.seed), { fromSec: options.calls ? 0 : minutesOf(scenario.day.start) * 60 });
    this.callerRandom = seededRandom(scenario.seed ^ 0x2545f491);
    this.random = seededRandom(scenario.seed ^ 0x5bd1e995);
    this.arrivalsUntilSec = options.calls ? Infinity : minutesOf(scenario.day.end) * 60;
    const fifo = options.routing === 'fifo';
    this.agents = scenario.agents.map((agent) => {
      const skills = new Map(Object.entries(agent.skills));
      return {
        id: agent.name,
        skills,
        routingSkills: fifo ? new Map([[FIFO_SKILL, 1]]) : skills,
        state: AgentState.Offline,
        since: 0,
        idleSince: new Date(BASE_MS),
        lastOfferedAt: null,
        call: null,
        onShift: false,
        pendingBreakMin: null,
        busySec: 0,
        workingSec: 0,
      };
    });
  }

  run(): OfflineResult {
    const started = performance.now();
    this.scheduleShifts();
    this.scheduleNextArrival();
    for (;;) {
      const next = this.events.pop();
      if (!next) break;
      this.now = next.at;
      this.handle(next.event);
      if (this.events.peekTime() > this.now) this.routeIfNeeded();
    }
    for (const agent of this.agents) this.setAgentState(agent, AgentState.Offline);
    return this.result(performance.now() - started);
  }

  /** One day of shifts and breaks; a run by call count needs round-the-clock shifts, which never end. */
  private scheduleShifts(): void {
    const groups = new Map(this.scenario.groups.map((g) => [g.name, g.shift]));
    const groupOf = new Map(this.scenario.agents.map((a) => [a.name, a.group]));
    for (const agent of this.agents) {
      const shift = groups.get(groupOf.get(agent.id)!)!;
      const roundTheClock = shift.start === '00:00' && shift.end === '24:00' && shift.breaks.length === 0;
      this.events.push(minutesOf(shift.start) * 60, { kind: 'shiftStart', agent });
      if (!roundTheClock) this.events.push(minutesOf(shift.end) * 60, { kind: 'shiftEnd', agent });
      for (const pause of shift.breaks) this.events.push(minutesOf(pause.at) * 60, { kind: 'breakStart', agent, minutes: pause.minutes });
    }
  }

  private scheduleNextArrival(): void {
    if (this.options.calls !== undefined && this.freshCalls >= this.options.calls + (this.options.warmupCalls ?? 0)) return;
    const arrival = this.arrivals.next(this.arrivalsUntilSec);
    if (arrival) this.events.push(arrival.atSec, { kind: 'arrival', arrival, repeatOf: null });
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'arrival':
        if (!event.repeatOf) {
          this.freshCalls++;
          this.scheduleNextArrival();
        }
        this.arrive(event.arrival, event.repeatOf !== null);
        break;
      case 'abandon':
        if (event.token === event.call.patienceToken) this.abandon(event.call);
        break;
      case 'stepDue':
        if (event.call.state === CallState.Queued && event.call.nextStepDueSec === this.now) {
          this.stepDue = true;
          this.dirty = true;
        }
        break;
      case 'cooldownEnd':
        this.dirty = true;
        break;
      case 'answer':
        this.answer(event.call, event.agent, event.accept);
        break;
      case 'talkEnd':
        this.endTalk(event.call, event.agent, event.handling);
        break;
      case 'wrapUpEnd':
        this.complete(event.call, event.agent, event.outcome);
        break;
      case 'shiftStart':
        event.agent.onShift = true;
        if (event.agent.state === AgentState.Offline) this.setAgentState(event.agent, AgentState.Available);
        break;
      case 'shiftEnd':
        event.agent.onShift = false;
        if (event.agent.state === AgentState.Available || event.agent.state === AgentState.Break) this.setAgentState(event.agent, AgentState.Offline);
        break;
      case 'breakStart':
        if (event.agent.state === AgentState.Available) this.startBreak(event.agent, event.minutes);
        else if (event.agent.onShift) event.agent.pendingBreakMin = event.minutes;
        break;
      case 'breakEnd':
        if (event.agent.state === AgentState.Break) this.setAgentState(event.agent, event.agent.onShift ? AgentState.Available : AgentState.Offline);
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  }

  private arrive(arrival: Arrival, isRepeat: boolean): void {
    const index = this.calls.length;
    const call: SimCall = {
      id: `c${String(index).padStart(9, '0')}`,
      index,
      direction: 'inbound',
      firstTopic: arrival.topic,
      topic: arrival.topic,
      need: arrival.need,
      language: arrival.language,
      languageSkill: languageSkillKey(arrival.language),
      callerId: arrival.callerId,
      isRepeat,
      arrivedSec: this.now,
      queuedSec: this.now,
      queuedAt: this.dateOf(this.now),
      waitingSince: this.dateOf(this.now),
      escalationStep: -1,
      priority: this.options.routing === 'fifo' ? 0 : arrival.topic.routing.priority,
      ...notYetHandled(),
      callbackOffered: false,
      repeatContactSec: null,
      measured: isRepeat || this.freshCalls > (this.options.warmupCalls ?? 0),
      journey: [],
    };
    this.calls.push(call);
    this.markRepeat(call);
    this.move(call, CallAction.Queue, null, this.visitData(call.topic));
    this.enqueue(call, this.callerRandom);
  }

  /** The metrics' repeat rule: the same caller about the same topic within the window makes the earlier call not resolved. */
  private markRepeat(call: SimCall): void {
    if (call.callerId === null) return;
    const key = `${call.callerId}|${call.firstTopic.key}`;
    const earlier = this.lastCallOf.get(key);
    if (earlier && earlier.repeatContactSec === null && call.arrivedSec - earlier.arrivedSec <= 7 * 86_400) earlier.repeatContactSec = call.arrivedSec;
    this.lastCallOf.set(key, call);
  }

  /**
   * Moves the call by `action` through the product's state machine and appends the action's event to
   * its journey, as the product's journey transaction does: an action the journey does not allow
   * throws here as it would there.
   */
  private move(call: SimCall, action: CallAction, agent: SimAgent | null, data: Record<string, unknown> = {}): void {
    call.state = transition(call.state, action);
    call.journey.push({ seq: call.journey.length + 1, type: journeyEventOf(action), at: this.dateOf(this.now), agentId: agent?.id ?? null, data });
  }

  /** What a queued or transferred event records about the visit: its topic (the key stands for the id here) and threshold. */
  private visitData(topic: ScenarioTopic): Record<string, unknown> {
    return { topicKey: topic.key, topicId: topic.key, serviceLevelThresholdSec: topic.routing.serviceLevelThresholdSec };
  }

  /** Puts a call that has just moved to `queued` in the queue and starts its caller's patience (a callback's caller is not on the line). */
  private enqueue(call: SimCall, patienceRandom: Random): void {
    call.agent = null;
    call.nextStepDueSec = null;
    this.queued.add(call);
    this.dirty = true;
    const patience = this.scenario.behaviour.patienceSec;
    call.patienceToken++;
    if (patience && call.direction === 'inbound') this.events.push(this.now + sample(patience, patienceRandom), { kind: 'abandon', call, token: call.patienceToken });
  }

  private abandon(call: SimCall): void {
    if (call.state !== CallState.Queued && call.state !== CallState.Offered) return;
    const agent = call.agent;
    if (call.state === CallState.Offered && agent) {
      agent.call = null;
      this.becomeFree(agent);
    }
    this.queued.delete(call);
    call.agent = null;
    this.move(call, CallAction.Abandon, null);
    call.endedSec = this.now;
    call.completedSec = this.now;
    // The metrics count an answered caller who hangs up after a transfer as answered, not abandoned.
    if (call.answeredSec === null && callsAgain(this.scenario.behaviour, 'abandoned', this.random)) this.scheduleRepeat(call);
  }

  private offer(call: SimCall, agent: SimAgent): void {
    this.queued.delete(call);
    this.move(call, CallAction.Offer, agent);
    call.agent = agent;
    agent.call = call;
    agent.lastOfferedAt = this.dateOf(this.now);
    this.setAgentState(agent, AgentState.Reserved);
    const behaviour = this.scenario.behaviour;
    const accept = !(behaviour.declineChance > 0 && this.random() < behaviour.declineChance);
    this.events.push(this.now + sample(behaviour.acceptDelaySec, this.random), { kind: 'answer', call, agent, accept });
  }

  private answer(call: SimCall, agent: SimAgent, accept: boolean): void {
    if (call.state !== CallState.Offered || call.agent !== agent) return;
    if (!accept) {
      // Declined: back in the queue with its place and age, patience running on.
      this.move(call, CallAction.Decline, agent);
      this.exclude(call, agent);
      agent.call = null;
      this.becomeFree(agent);
      call.agent = null;
      this.queued.add(call);
      this.dirty = true;
      return;
    }
    this.move(call, CallAction.Accept, agent);
    call.answeredSec ??= this.now;
    call.agentIds.push(agent.id);
    call.patienceToken++;
    this.setAgentState(agent, AgentState.OnCall);
    const handling = decideHandling(this.scenario.behaviour, agent.skills, { needTopic: call.need, language: call.language, transfersSoFar: call.transferCount }, this.random);
    this.events.push(this.now + handling.talkSec, { kind: 'talkEnd', call, agent, handling });
  }

  private exclude(call: SimCall, agent: SimAgent): void {
    call.excluded.set(agent.id, this.now + HAND_BACK_COOLDOWN_SEC);
    this.events.push(this.now + HAND_BACK_COOLDOWN_SEC, { kind: 'cooldownEnd' });
  }

  private endTalk(call: SimCall, agent: SimAgent, handling: CallHandling): void {
    if (handling.kind === 'transfer') {
      const to = this.scenario.topics.find((t) => t.key === handling.toTopicKey)!;
      this.move(call, CallAction.TransferToTopic, agent, {
        to: 'topic',
        fromTopicId: call.topic.key,
        toTopicId: to.key,
        toTopicKey: to.key,
        serviceLevelThresholdSec: to.routing.serviceLevelThresholdSec,
      });
      call.topic = to;
      call.transferCount++;
      if (this.options.routing === 'skills') call.priority = transferredPriority(call.priority, to.routing.priority, this.scenario.transferPriorityBoost);
      call.waitingSince = this.dateOf(this.now);
      call.escalationStep = -1;
      call.callbackOffered = false;
      this.exclude(call, agent);
      agent.call = null;
      this.becomeFree(agent);
      this.enqueue(call, this.random);
      return;
    }
    this.move(call, CallAction.EndTalk, agent);
    call.endedSec = this.now;
    this.setAgentState(agent, AgentState.WrapUp);
    this.events.push(this.now + handling.wrapUpSec, { kind: 'wrapUpEnd', call, agent, outcome: handling.outcome });
  }

  private complete(call: SimCall, agent: SimAgent, outcome: AgentOutcome): void {
    this.move(call, CallAction.RecordOutcome, agent, { outcome });
    call.completedSec = this.now;
    call.outcome = outcome;
    agent.call = null;
    this.becomeFree(agent);
    if (callsAgain(this.scenario.behaviour, outcome, this.random)) this.scheduleRepeat(call);
  }

  /** The caller rings again about the same need, if the line is still open then. */
  private scheduleRepeat(call: SimCall): void {
    const at = this.now + sample(this.scenario.behaviour.repeat.delaySec, this.random);
    if (at >= this.arrivalsUntilSec) return;
    this.events.push(at, { kind: 'arrival', arrival: { atSec: at, topic: call.firstTopic, need: call.need, language: call.language, callerId: call.callerId }, repeatOf: call });
  }

  /** The caller took the callback the IVR offered: the call ends, a callback keeps its place and age. */
  private requestCallback(call: SimCall): void {
    this.queued.delete(call);
    this.move(call, CallAction.RequestCallback, null);
    call.endedSec = this.now;
    call.completedSec = this.now;
    call.patienceToken++;
    this.callbacks++;
    const index = this.calls.length;
    const callback: SimCall = {
      ...call,
      id: `c${String(index).padStart(9, '0')}`,
      index,
      direction: 'callback',
      arrivedSec: this.now,
      ...notYetHandled(),
      callbackOffered: true,
      isRepeat: false,
      journey: [],
    };
    // The callback keeps the original's place and age (queuedAt): its visit counts from then.
    this.move(callback, CallAction.Queue, null, this.visitData(callback.topic));
    this.calls.push(callback);
    this.enqueue(callback, this.random);
  }

  private becomeFree(agent: SimAgent): void {
    if (!agent.onShift) this.setAgentState(agent, AgentState.Offline);
    else if (agent.pendingBreakMin !== null) this.startBreak(agent, agent.pendingBreakMin);
    else this.setAgentState(agent, AgentState.Available);
  }

  private startBreak(agent: SimAgent, minutes: number): void {
    agent.pendingBreakMin = null;
    this.setAgentState(agent, AgentState.Break);
    this.events.push(this.now + minutes * 60, { kind: 'breakEnd', agent });
  }

  private setAgentState(agent: SimAgent, state: AgentState): void {
    const spent = this.now - agent.since;
    if (agent.state === AgentState.OnCall || agent.state === AgentState.WrapUp) agent.busySec += spent;
    if (agent.state !== AgentState.Offline && agent.state !== AgentState.Break) agent.workingSec += spent;
    agent.state = state;
    agent.since = this.now;
    if (state === AgentState.Available) {
      agent.idleSince = this.dateOf(this.now);
      this.dirty = true;
    }
  }

  /** One routing round, the product's own, whenever calls wait and something changed that could place one. */
  private routeIfNeeded(): void {
    if (!this.dirty || this.queued.size === 0) {
      this.dirty = false;
      return;
    }
    const floor = this.agents.filter((a) => a.state !== AgentState.Offline);
    if (!this.stepDue && !floor.some((a) => a.state === AgentState.Available)) {
      this.dirty = false;
      return;
    }
    this.dirty = false;
    this.stepDue = false;
    this.rounds++;
    const fifo = this.options.routing === 'fifo';
    const waiting: WaitingCall[] = [];
    for (const call of this.queued) {
      const excluded: string[] = [];
      for (const [agentId, until] of call.excluded) if (until > this.now) excluded.push(agentId);
      waiting.push({
        id: call.id,
        priority: call.priority,
        queuedAt: call.queuedAt,
        waitingSince: call.waitingSince,
        escalationStep: call.escalationStep,
        topic: fifo ? FIFO_ROUTING : this.routingOf(call.topic),
        languageSkill: fifo ? FIFO_SKILL : call.languageSkill,
        excludedAgentIds: excluded,
      });
    }
    const routable: RoutableAgent[] = floor.map((agent) => ({
      id: agent.id,
      available: agent.state === AgentState.Available,
      idleSince: agent.idleSince,
      skills: agent.routingSkills,
      occupancy: agent.workingSec > 0 ? agent.busySec / agent.workingSec : 0,
      lastOfferedAt: agent.lastOfferedAt,
    }));
    const plan = planRound(waiting, routable, this.dateOf(this.now));
    const callsById = new Map([...this.queued].map((c) => [c.id, c]));
    const agentsById = new Map(floor.map((a) => [a.id, a]));
    for (const { callId, agentId } of plan.assignments) this.offer(callsById.get(callId)!, agentsById.get(agentId)!);
    for (const [i, escalation] of plan.escalations.entries()) {
      const call = callsById.get(waiting[i]!.id)!;
      if (call.state !== CallState.Queued) continue;
      call.escalationStep = escalation.stepIndex;
      if (escalation.offerCallback && !call.callbackOffered) {
        call.callbackOffered = true;
        if (call.direction === 'inbound' && call.callerId !== null && this.random() < this.scenario.behaviour.callbackTakeUp) {
          this.requestCallback(call);
          continue;
        }
      }
      if (escalation.nextStepAtSec !== null) {
        const due = call.waitingSince.getTime() / 1000 - BASE_MS / 1000 + escalation.nextStepAtSec;
        if (due > this.now && call.nextStepDueSec !== due) {
          call.nextStepDueSec = due;
          this.events.push(due, { kind: 'stepDue', call });
        }
      }
    }
  }

  private readonly routings = new Map<ScenarioTopic, TopicRouting & { strategy: RoutingStrategy }>();
  private routingOf(topic: ScenarioTopic): TopicRouting & { strategy: RoutingStrategy } {
    let routing = this.routings.get(topic);
    if (!routing) {
      routing = { skill: topic.routing.skill, minProficiency: topic.routing.minProficiency, steps: stepsInTimeOrder(topic.routing.escalationSteps), strategy: topic.routing.strategy };
      this.routings.set(topic, routing);
    }
    return routing;
  }

  private dateOf(sec: number): Date {
    return new Date(BASE_MS + sec * 1000);
  }

  private result(wallMs: number): OfflineResult {
    const calls = this.calls.map((call) => this.simulated(call));
    const measured = this.calls.filter((c) => c.measured);
    const end = this.dateOf(this.now);
    const catalog: TopicCatalog = {
      idByKey: new Map(this.scenario.topics.map((t) => [t.key, t.key])),
      thresholdSecById: new Map(this.scenario.topics.map((t) => [t.key, t.routing.serviceLevelThresholdSec])),
    };
    const attributed = measured.map((call) => ({ call, attribution: attributeCall(this.facts(call), call.journey, catalog, end) }));
    // The whole day and its hours count each call once (the centre's rows); topics count each visit.
    const tallies: TalliedCall[] = attributed.map(({ call, attribution }) => ({
      tally: attribution.call?.tally ?? emptyTally(),
      transfers: call.transferCount,
      waited: call.answeredSec !== null && call.answeredSec > call.queuedSec,
      call,
    }));
    const groupBy = <K>(key: (call: SimCall) => K) => {
      const groups = new Map<K, typeof tallies>();
      for (const entry of tallies) {
        const k = key(entry.call);
        const list = groups.get(k);
        if (list) list.push(entry);
        else groups.set(k, [entry]);
      }
      return groups;
    };
    const byHour = [...groupBy((c) => Math.floor(c.queuedSec / 3600) % 24)].sort(([a], [b]) => a - b).map(([hour, entries]) => ({ hour, ...figuresRow(entries) }));
    const visits = new Map<string, TalliedCall[]>();
    for (const { call, attribution } of attributed) {
      for (const visit of attribution.visits) {
        const entry = { call, tally: visit.tally, transfers: visit.tally.transferred, waited: visit.tally.answerWaitSec > 0 };
        const list = visits.get(visit.entityId);
        if (list) list.push(entry);
        else visits.set(visit.entityId, [entry]);
      }
    }
    const byTopic = this.scenario.topics.map((t) => ({ topicKey: t.key, ...figuresRow(visits.get(t.key) ?? []) }));
    return {
      scenario: this.scenario.name,
      routing: this.options.routing,
      total: figuresRow(tallies),
      byHour,
      byTopic,
      occupancy: occupancy(
        this.agents.flatMap((a) => [
          { state: AgentState.OnCall, seconds: a.busySec },
          { state: AgentState.Available, seconds: a.workingSec - a.busySec },
        ]),
      ),
      callbacks: this.callbacks,
      repeats: measured.filter((c) => c.isRepeat).length,
      strandedAtClose: this.calls.filter((c) => c.state === CallState.Queued || c.state === CallState.Offered).length,
      standardError: batchStandardErrors(tallies),
      calls,
      simulatedSec: this.now,
      rounds: this.rounds,
      wallMs,
    };
  }

  private facts(call: SimCall) {
    const date = (sec: number | null) => (sec === null ? null : this.dateOf(sec));
    return {
      state: call.state,
      arrivedAt: this.dateOf(call.arrivedSec),
      queuedAt: this.dateOf(call.queuedSec),
      answeredAt: date(call.answeredSec),
      endedAt: date(call.endedSec),
      completedAt: date(call.completedSec),
      transferCount: call.transferCount,
      outcome: call.outcome,
      hasCallerKey: call.callerId !== null,
      repeatContactAt: date(call.repeatContactSec),
      topicId: call.topic.key,
    };
  }

  private simulated(call: SimCall): SimulatedCall {
    return {
      index: call.index,
      direction: call.direction,
      firstTopicKey: call.firstTopic.key,
      topicKey: call.topic.key,
      needKey: call.need.key,
      language: call.language,
      hasNumber: call.callerId !== null,
      isRepeat: call.isRepeat,
      arrivedSec: call.arrivedSec,
      queuedSec: call.queuedSec,
      answeredSec: call.answeredSec,
      endedSec: call.endedSec,
      completedSec: call.completedSec,
      state: call.state,
      outcome: call.outcome,
      transferCount: call.transferCount,
      agentIds: call.agentIds,
      measured: call.measured,
    };
  }
}

/** One call's (or one queue visit's) tally, with what the planning figures add: transfers made, and whether the caller waited before the answer. */
interface TalliedCall {
  call: SimCall;
  tally: CallTally;
  transfers: number;
  waited: boolean;
}

function figuresRow(entries: readonly TalliedCall[]): FiguresRow {
  // A reduce, not addTallies(...spread): a spread of 100,000 arguments overflows the stack.
  const tally = entries.reduce((sum, e) => addTallies(sum, e.tally), emptyTally());
  let answered = 0;
  let transfers = 0;
  let waited = 0;
  for (const entry of entries) {
    if (entry.tally.answered !== 1) continue;
    answered++;
    transfers += entry.transfers;
    if (entry.waited) waited++;
  }
  return {
    figures: callFigures(tally),
    transfersPerCall: answered > 0 ? transfers / answered : null,
    pWait: { value: answered > 0 ? waited / answered : null, numerator: waited, denominator: answered },
  };
}

/** Standard errors by batch means: successive calls are correlated (they share a queue), batches of thousands hardly. */
function batchStandardErrors(entries: readonly TalliedCall[]): OfflineResult['standardError'] {
  if (entries.length < BATCHES * 10) return null;
  const size = Math.floor(entries.length / BATCHES);
  const rows = Array.from({ length: BATCHES }, (_, b) => figuresRow(entries.slice(b * size, (b + 1) * size)));
  const se = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
    return Math.sqrt(variance / values.length);
  };
  return {
    serviceLevel: se(rows.map((r) => r.figures.serviceLevel.value ?? 0)),
    asaSec: se(rows.map((r) => r.figures.asaSec.value ?? 0)),
    pWait: se(rows.map((r) => r.pWait.value ?? 0)),
  };
}
