import { AgentState, CallState, JourneyEventType, Outcome } from '@fc/contracts';
import { DEFAULT_REPEAT_WINDOW_DAYS, attributeCall, type CallAttribution, type TimelineEvent, type TopicCatalog } from '@fc/domain';
import { randomUUID } from 'node:crypto';

/*
 * A year of 02800 in memory, a call at a time: when people call (weekday and hour of day), about
 * what (the topic mix), who answers (agents busy one call at a time), how long it takes, what
 * comes of it (outcomes, transfers to another topic's queue or straight to a colleague, abandons,
 * also in the second queue), and callers who call again about the same thing. Each call's journey
 * is written as the api writes it, and its metrics contributions are the api's own (`attributeCall`).
 * Pure apart from ids: the same seed gives the same history.
 */

/** Monday first: the share of a week's calls on each weekday. */
const WEEKDAY_WEIGHTS = [1.25, 1.15, 1.05, 1.0, 0.9, 0.4, 0.3];
/** Local hour 0–23: when calls come (the line is staffed 07–22). */
const HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 0.3, 0.9, 1.2, 1.3, 1.2, 1.0, 1.1, 1.1, 1.0, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2, 0, 0];
const OPEN_HOUR = 7;
const CLOSE_HOUR = 22;
/** Topic key → share of calls. */
export const TOPIC_MIX: Record<string, number> = {
  passport: 0.2,
  lost_property: 0.14,
  report_offence: 0.15,
  case_status: 0.14,
  firearms: 0.05,
  tips: 0.05,
  foreigners: 0.08,
  driving_licence: 0.07,
  police_certificate: 0.06,
  other: 0.06,
};
const OUTCOME_MIX: [Outcome, number][] = [
  [Outcome.Resolved, 0.6],
  [Outcome.SelfService, 0.1],
  [Outcome.Referred, 0.1],
  [Outcome.FollowUp, 0.08],
  [Outcome.Unresolved, 0.09],
  [Outcome.Complaint, 0.02],
  [Outcome.NotRecorded, 0.01],
];
/** The outcomes a planted change turns into `resolved`, and their share of finished calls (0.19). */
const NON_RESOLVING: ReadonlySet<Outcome> = new Set([Outcome.FollowUp, Outcome.Unresolved, Outcome.Complaint]);
export const NON_RESOLVING_SHARE = OUTCOME_MIX.filter(([outcome]) => NON_RESOLVING.has(outcome)).reduce((sum, [, w]) => sum + w, 0) / OUTCOME_MIX.reduce((sum, [, w]) => sum + w, 0);
const ABANDON_RATE = 0.06;
const SHORT_ABANDON_SHARE = 0.3;
const WITHHELD_RATE = 0.05;
/** Share of calls that are a caller calling again about the same topic within the window. */
const REPEAT_RATE = 0.08;
const TRANSFER_RATES = [0.86, 0.12, 0.02];
/** Of transfers: the share straight to a colleague who is free (the rest go to another topic's queue). */
const DIRECT_TRANSFER_SHARE = 0.3;
/** Of callers transferred to another topic's queue: the share who hang up waiting there. */
const SECOND_QUEUE_ABANDON_RATE = 0.05;
/** Mean wait for an agent in the first queue, and after a transfer to another topic. */
const MEAN_READY_SEC = 15;
const MEAN_TRANSFER_READY_SEC = 25;
/** Mean talk and wrap-up time, seconds. */
const MEAN_TALK_SEC = 210;
const MEAN_WRAP_SEC = 60;

export interface HistoryTopic {
  id: string;
  key: string;
  priority: number;
  serviceLevelThresholdSec: number;
}

export interface HistoryOptions {
  calls: number;
  days: number;
  /** History ends at the start of this day (UTC midnight of the local day is close enough). */
  end: Date;
  timeZone: string;
  /** A change planted in the history, so a test of the effect measurement knows the right answer. */
  plant?: HistoryPlant;
}

/**
 * A known change (decision 0039): from `at`, each call that the topic `topicKey` finishes and that
 * would have ended `follow_up`, `unresolved` or `complaint` ends `resolved` instead with the
 * probability that moves a share `fcr` of all the topic's finished calls. The outcome mix puts
 * {@link NON_RESOLVING_SHARE} of finished calls there, so FCR (DESIGN §7: resolving outcomes over
 * outcomes other than `not_recorded`, which is 0.01 of the mix) rises by fcr / 0.99. Its draws come
 * from `random`, a stream of its own: the rest of the history is the same as without the plant.
 */
export interface HistoryPlant {
  topicKey: string;
  at: Date;
  fcr: number;
  random: () => number;
}

export interface HistoryCall {
  id: string;
  externalId: string;
  state: CallState;
  topicId: string;
  priority: number;
  transferCount: number;
  agentId: string | null;
  callerKey: string | null;
  outcome: Outcome | null;
  expectationAligned: boolean | null;
  arrivedAt: Date;
  queuedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  completedAt: Date;
  repeatOfCallId: string | null;
  repeatContactAt: Date | null;
  lastSeq: number;
  /** The journey, kept until the call is handed on: its contributions need it. */
  events: TimelineEvent[];
}

export interface HistoryEvent {
  callId: string;
  seq: number;
  type: JourneyEventType;
  at: Date;
  agentId: string | null;
  data: Record<string, unknown>;
}

export interface HistoryAgentEvent {
  agentId: string;
  at: Date;
  state: AgentState;
  callId: string | null;
}

/** What the history hands its writer: calls (and their metrics contributions) once nothing can change them any more, events as they happen. */
export interface HistorySink {
  call(call: HistoryCall, contributions: CallAttribution): Promise<void>;
  event(event: HistoryEvent): Promise<void>;
  agentEvent(event: HistoryAgentEvent): Promise<void>;
}

const pick = <T>(random: () => number, weighted: readonly [T, number][]): T => {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted.at(-1)![0];
};
const exponential = (random: () => number, mean: number) => -Math.log(1 - random()) * mean;
const lognormal = (random: () => number, mean: number) => {
  // σ = 0.6: most talks 1–6 minutes, a long tail; μ chosen so the mean is `mean`.
  const sigma = 0.6;
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * normal);
};

/** Offset of `timeZone` from UTC at `at`, in milliseconds. */
function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

export class CallHistory {
  private readonly agentFreeAt = new Map<string, number>();
  private readonly agentDay = new Map<string, number>();
  /** Calls of the last window, oldest first: a repeat may still mark them. */
  private readonly recent: HistoryCall[] = [];
  /** Per topic, the recent calls with a caller key, for repeat callers to call back about. */
  private readonly recentByTopic = new Map<string, HistoryCall[]>();
  /** Caller key + topic → that caller's latest call about it. */
  private readonly latest = new Map<string, HistoryCall>();
  private sequence = 0;
  private readonly catalog: TopicCatalog;
  readonly counts = { calls: 0, events: 0, agentEvents: 0 };

  constructor(
    private readonly options: HistoryOptions,
    private readonly topics: readonly HistoryTopic[],
    private readonly agents: readonly string[],
    private readonly random: () => number,
    private readonly sink: HistorySink,
  ) {
    this.catalog = { idByKey: new Map(topics.map((t) => [t.key, t.id])), thresholdSecById: new Map(topics.map((t) => [t.id, t.serviceLevelThresholdSec])) };
  }

  /** Writes the whole history; `progress` is told how many calls are done. */
  async write(progress: (calls: number) => void): Promise<void> {
    const dayMs = 86_400_000;
    const firstDay = this.options.end.getTime() - this.options.days * dayMs;
    const weights = Array.from({ length: this.options.days }, (_, d) => WEEKDAY_WEIGHTS[(new Date(firstDay + d * dayMs).getUTCDay() + 6) % 7]!);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    let carried = 0;
    const topics = this.topics.map((t) => [t, TOPIC_MIX[t.key] ?? 0.02] as [HistoryTopic, number]);
    const hours = HOUR_WEIGHTS.map((w, h) => [h, w] as [number, number]);
    for (let d = 0; d < this.options.days; d++) {
      // Whole calls per day, carrying the fractions so the total comes out exact.
      const exact = (this.options.calls * weights[d]!) / totalWeight + carried;
      const count = d === this.options.days - 1 ? this.options.calls - this.counts.calls : Math.floor(exact);
      carried = exact - count;
      const dayStart = firstDay + d * dayMs;
      const localMidnight = dayStart - zoneOffsetMs(this.options.timeZone, new Date(dayStart));
      const arrivals = Array.from({ length: count }, () => localMidnight + (pick(this.random, hours) + this.random()) * 3_600_000).sort((a, b) => a - b);
      for (const arrival of arrivals) {
        await this.call(new Date(arrival), pick(this.random, topics), localMidnight);
        if (this.counts.calls % 10_000 === 0) progress(this.counts.calls);
      }
      await this.flushOlderThan(dayStart + dayMs - DEFAULT_REPEAT_WINDOW_DAYS * dayMs);
      await this.closeShifts(localMidnight);
    }
    await this.flushOlderThan(Infinity);
    await this.closeShifts(Infinity);
    progress(this.counts.calls);
  }

  private async call(arrivedAt: Date, topic: HistoryTopic, localMidnight: number): Promise<void> {
    const random = this.random;
    const id = randomUUID();
    const queuedAt = new Date(arrivedAt.getTime() + (5 + random() * 25) * 1000);
    let callerKey: string | null = null;
    let repeatOf: HistoryCall | null = null;
    const candidates = this.recentByTopic.get(topic.id);
    const windowMs = DEFAULT_REPEAT_WINDOW_DAYS * 86_400_000;
    const earlier = candidates?.length && random() < REPEAT_RATE ? candidates[Math.floor(random() * candidates.length)]! : null;
    if (earlier && arrivedAt.getTime() - earlier.arrivedAt.getTime() <= windowMs) {
      repeatOf = this.latest.get(`${earlier.callerKey}|${topic.id}`) ?? earlier;
      callerKey = earlier.callerKey;
    } else if (random() >= WITHHELD_RATE) callerKey = randomKey(random);

    // The journey as the api writes it (libs/journey): the same event types and data.
    const events: TimelineEvent[] = [];
    const add = (type: JourneyEventType, atMs: number, agentId: string | null, data: Record<string, unknown> = {}) => events.push({ seq: events.length + 1, type, at: new Date(atMs), agentId, data });
    const waitedSec = (fromMs: number, toMs: number) => Math.round((toMs - fromMs) / 1000);
    add(JourneyEventType.Arrived, arrivedAt.getTime(), null, { direction: 'inbound', topicKey: topic.key, language: 'nb', numberWithheld: callerKey === null });
    add(JourneyEventType.Queued, queuedAt.getTime(), null, { topicKey: topic.key, topicId: topic.id, serviceLevelThresholdSec: topic.serviceLevelThresholdSec, priority: topic.priority });
    if (repeatOf) add(JourneyEventType.RepeatDetected, queuedAt.getTime(), null, { repeatOfCallId: repeatOf.id, gapSec: waitedSec(repeatOf.arrivedAt.getTime(), arrivedAt.getTime()) });
    const base = {
      id,
      externalId: `history-${++this.sequence}`,
      priority: topic.priority,
      callerKey,
      arrivedAt,
      queuedAt,
      repeatOfCallId: repeatOf?.id ?? null,
      repeatContactAt: null,
      lastSeq: 0,
      events,
    };

    let call: HistoryCall;
    if (random() < ABANDON_RATE) {
      const endedAt = queuedAt.getTime() + this.patienceSec() * 1000;
      add(JourneyEventType.Abandoned, endedAt, null, { waitedSec: waitedSec(queuedAt.getTime(), endedAt), whileOfferedTo: null });
      call = {
        ...base,
        state: CallState.Abandoned,
        topicId: topic.id,
        transferCount: 0,
        agentId: null,
        outcome: null,
        expectationAligned: null,
        answeredAt: null,
        endedAt: new Date(endedAt),
        completedAt: new Date(endedAt),
      };
    } else {
      // Rings 2 s at the agent routing chose, then the agent takes it.
      const answer = (readyMs: number, except: string | null) => {
        const agentId = this.freeAgent(readyMs, except);
        const offeredMs = Math.max(readyMs, this.agentFreeAt.get(agentId) ?? 0);
        add(JourneyEventType.Offered, offeredMs, agentId, { waitedSec: waitedSec(queuedAt.getTime(), offeredMs) });
        add(JourneyEventType.Connected, offeredMs + 2000, agentId);
        return { agentId, atMs: offeredMs + 2000 };
      };
      let visitTopic = topic;
      let leg = answer(queuedAt.getTime() + exponential(random, MEAN_READY_SEC) * 1000, null);
      const answeredAt = new Date(leg.atMs);
      const transfers = pick(
        random,
        TRANSFER_RATES.map((w, n) => [n, w] as [number, number]),
      );
      let transferCount = 0;
      let abandonedAt: number | null = null;
      for (let t = 0; t < transfers; t++) {
        const at = leg.atMs + lognormal(random, 90) * 1000;
        transferCount++;
        const colleague = random() < DIRECT_TRANSFER_SHARE ? this.agentFreeAtTime(at, leg.agentId) : null;
        await this.agentLeg(leg.agentId, id, leg.atMs, at, null, localMidnight);
        if (colleague) {
          add(JourneyEventType.Transferred, at, colleague, { to: 'agent', fromAgentId: leg.agentId, toAgentId: colleague, reason: null });
          leg = { agentId: colleague, atMs: at };
          continue;
        }
        const next = this.otherTopic(visitTopic);
        add(JourneyEventType.Transferred, at, leg.agentId, {
          to: 'topic',
          fromTopicId: visitTopic.id,
          toTopicId: next.id,
          toTopicKey: next.key,
          serviceLevelThresholdSec: next.serviceLevelThresholdSec,
          priority: next.priority,
          reason: null,
        });
        visitTopic = next;
        if (random() < SECOND_QUEUE_ABANDON_RATE) {
          abandonedAt = at + this.patienceSec() * 1000;
          add(JourneyEventType.Abandoned, abandonedAt, null, { waitedSec: waitedSec(queuedAt.getTime(), abandonedAt), whileOfferedTo: null });
          break;
        }
        leg = answer(at + exponential(random, MEAN_TRANSFER_READY_SEC) * 1000, leg.agentId);
      }
      if (abandonedAt !== null) {
        call = {
          ...base,
          state: CallState.Abandoned,
          topicId: visitTopic.id,
          transferCount,
          agentId: null,
          outcome: null,
          expectationAligned: null,
          answeredAt,
          endedAt: new Date(abandonedAt),
          completedAt: new Date(abandonedAt),
        };
      } else {
        const endedAt = leg.atMs + lognormal(random, MEAN_TALK_SEC) * 1000;
        const outcome = this.planted(pick(random, OUTCOME_MIX), visitTopic, arrivedAt);
        const completedAt = endedAt + (outcome === Outcome.NotRecorded ? 120 : exponential(random, MEAN_WRAP_SEC)) * 1000;
        const expectationAligned = outcome === Outcome.NotRecorded ? null : random() < 0.85;
        add(JourneyEventType.TalkEnded, endedAt, leg.agentId, { by: 'agent' });
        add(JourneyEventType.OutcomeRecorded, completedAt, leg.agentId, outcome === Outcome.NotRecorded ? { outcome, wrapUpTimeoutSec: 120 } : { outcome, expectationAligned, reasonCodes: [] });
        await this.agentLeg(leg.agentId, id, leg.atMs, endedAt, completedAt, localMidnight);
        call = {
          ...base,
          state: CallState.Completed,
          topicId: visitTopic.id,
          transferCount,
          agentId: leg.agentId,
          outcome,
          expectationAligned,
          answeredAt,
          endedAt: new Date(endedAt),
          completedAt: new Date(completedAt),
        };
      }
    }
    call.lastSeq = events.length;
    if (repeatOf && !repeatOf.repeatContactAt) repeatOf.repeatContactAt = queuedAt;
    for (const event of events) await this.sink.event({ ...event, callId: id });
    this.counts.events += events.length;
    this.counts.calls++;
    this.recent.push(call);
    if (callerKey) {
      const list = this.recentByTopic.get(topic.id) ?? [];
      list.push(call);
      this.recentByTopic.set(topic.id, list);
      this.latest.set(`${callerKey}|${topic.id}`, call);
    }
  }

  /** The outcome as drawn, or `resolved` where a planted change turned it (see {@link HistoryPlant}). */
  private planted(outcome: Outcome, topic: HistoryTopic, arrivedAt: Date): Outcome {
    const plant = this.options.plant;
    if (!plant || topic.key !== plant.topicKey || arrivedAt < plant.at || !NON_RESOLVING.has(outcome)) return outcome;
    return plant.random() < plant.fcr / NON_RESOLVING_SHARE ? Outcome.Resolved : outcome;
  }

  /** How long a caller waits before hanging up: some at once (short abandons), the rest after a while. */
  private patienceSec(): number {
    return this.random() < SHORT_ABANDON_SHARE ? this.random() * 4.9 : 5 + exponential(this.random, 60);
  }

  /** Where a call is passed on to: another topic, by the topic mix. */
  private otherTopic(from: HistoryTopic): HistoryTopic {
    return pick(
      this.random,
      this.topics.filter((t) => t !== from).map((t) => [t, TOPIC_MIX[t.key] ?? 0.02] as [HistoryTopic, number]),
    );
  }

  /** A random agent free at `at`, or else the one free soonest: nobody takes two calls at once. `except` just passed the call on. */
  private freeAgent(at: number, except: string | null): string {
    let soonest = this.agents.find((a) => a !== except)!;
    for (let attempt = 0; attempt < 8; attempt++) {
      const agentId = this.agents[Math.floor(this.random() * this.agents.length)]!;
      if (agentId === except) continue;
      const free = this.agentFreeAt.get(agentId) ?? 0;
      if (free <= at) return agentId;
      if (free < (this.agentFreeAt.get(soonest) ?? 0)) soonest = agentId;
    }
    for (const agentId of this.agents) if (agentId !== except && (this.agentFreeAt.get(agentId) ?? 0) < (this.agentFreeAt.get(soonest) ?? 0)) soonest = agentId;
    return soonest;
  }

  /** A colleague free at `at` to take a direct transfer, if one is found quickly; null if not (the call goes to a queue instead). */
  private agentFreeAtTime(at: number, except: string): string | null {
    for (let attempt = 0; attempt < 8; attempt++) {
      const agentId = this.agents[Math.floor(this.random() * this.agents.length)]!;
      if (agentId !== except && (this.agentFreeAt.get(agentId) ?? 0) <= at) return agentId;
    }
    return null;
  }

  /**
   * The agents' log for one agent's leg of a call: a shift starts at opening time, then on a call
   * from `fromMs`; passed on at `endedMs` (available again) or, for the last leg, wrap-up from
   * `endedMs` until `completedMs`.
   */
  private async agentLeg(agentId: string, callId: string, fromMs: number, endedMs: number, completedMs: number | null, localMidnight: number): Promise<void> {
    if (this.agentDay.get(agentId) !== localMidnight) {
      this.agentDay.set(agentId, localMidnight);
      await this.agentEvent({ agentId, at: new Date(localMidnight + OPEN_HOUR * 3_600_000), state: AgentState.Available, callId: null });
    }
    await this.agentEvent({ agentId, at: new Date(fromMs), state: AgentState.OnCall, callId });
    if (completedMs !== null) await this.agentEvent({ agentId, at: new Date(endedMs), state: AgentState.WrapUp, callId });
    await this.agentEvent({ agentId, at: new Date(completedMs ?? endedMs), state: AgentState.Available, callId });
    this.agentFreeAt.set(agentId, completedMs ?? endedMs);
  }

  /** Ends the shifts of days before `localMidnight`: the agent logs off at closing time (or after their last call). */
  private async closeShifts(localMidnight: number): Promise<void> {
    for (const [agentId, day] of this.agentDay) {
      if (day >= localMidnight) continue;
      const close = Math.max(day + CLOSE_HOUR * 3_600_000, this.agentFreeAt.get(agentId) ?? 0);
      await this.agentEvent({ agentId, at: new Date(close), state: AgentState.Offline, callId: null });
      this.agentDay.delete(agentId);
    }
  }

  private async agentEvent(event: HistoryAgentEvent): Promise<void> {
    await this.sink.agentEvent(event);
    this.counts.agentEvents++;
  }

  /** The call's metrics contributions, as the journey would have written them when it finished (and a repeat marked it). */
  private attribute(call: HistoryCall): CallAttribution {
    const facts = {
      state: call.state,
      arrivedAt: call.arrivedAt,
      queuedAt: call.queuedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      completedAt: call.completedAt,
      transferCount: call.transferCount,
      outcome: call.outcome,
      hasCallerKey: call.callerKey !== null,
      repeatContactAt: call.repeatContactAt,
      topicId: call.topicId,
    };
    // `now` only decides the provisional count, which is not stored.
    return attributeCall(facts, call.events, this.catalog, this.options.end);
  }

  /** Hands on the calls no repeat can reach any more. */
  private async flushOlderThan(before: number): Promise<void> {
    let n = 0;
    while (n < this.recent.length && this.recent[n]!.arrivedAt.getTime() < before) {
      const call = this.recent[n++]!;
      await this.sink.call(call, this.attribute(call));
      call.events = [];
    }
    if (n === 0) return;
    this.recent.splice(0, n);
    // Each list is in arrival order: drop from the front.
    for (const list of this.recentByTopic.values()) {
      let old = 0;
      while (old < list.length && list[old]!.arrivedAt.getTime() < before) old++;
      list.splice(0, old);
    }
    for (const [key, call] of this.latest) if (call.arrivedAt.getTime() < before) this.latest.delete(key);
  }
}

function randomKey(random: () => number): string {
  let key = '';
  for (let i = 0; i < 8; i++)
    key += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return key;
}
