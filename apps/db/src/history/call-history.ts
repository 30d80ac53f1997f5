import { AgentState, CallState, JourneyEventType, Outcome } from '@fc/contracts';
import { DEFAULT_REPEAT_WINDOW_DAYS } from '@fc/domain';
import { randomUUID } from 'node:crypto';

/*
 * A year of 02800 in memory, a call at a time: when people call (weekday and hour of day), about
 * what (the topic mix), who answers (agents busy one call at a time), how long it takes, what
 * comes of it (outcomes, transfers, abandons), and callers who call again about the same thing.
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
const ABANDON_RATE = 0.06;
const SHORT_ABANDON_SHARE = 0.3;
const WITHHELD_RATE = 0.05;
/** Share of calls that are a caller calling again about the same topic within the window. */
const REPEAT_RATE = 0.08;
const TRANSFER_RATES = [0.86, 0.12, 0.02];
/** Mean talk and wrap-up time, seconds. */
const MEAN_TALK_SEC = 210;
const MEAN_WRAP_SEC = 60;

export interface HistoryTopic {
  id: string;
  key: string;
  priority: number;
}

export interface HistoryOptions {
  calls: number;
  days: number;
  /** History ends at the start of this day (UTC midnight of the local day is close enough). */
  end: Date;
  timeZone: string;
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
}

export interface HistoryEvent {
  callId: string;
  seq: number;
  type: JourneyEventType;
  at: Date;
  agentId: string | null;
}

export interface HistoryAgentEvent {
  agentId: string;
  at: Date;
  state: AgentState;
  callId: string | null;
}

/** What the history hands its writer: calls once nothing can change them any more, events as they happen. */
export interface HistorySink {
  call(call: HistoryCall): Promise<void>;
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
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
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
  readonly counts = { calls: 0, events: 0, agentEvents: 0 };

  constructor(
    private readonly options: HistoryOptions,
    private readonly topics: readonly HistoryTopic[],
    private readonly agents: readonly string[],
    private readonly random: () => number,
    private readonly sink: HistorySink,
  ) {}

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

    const events: Omit<HistoryEvent, 'callId' | 'seq'>[] = [
      { type: JourneyEventType.Arrived, at: arrivedAt, agentId: null },
      { type: JourneyEventType.Queued, at: queuedAt, agentId: null },
    ];
    if (repeatOf) events.push({ type: JourneyEventType.RepeatDetected, at: arrivedAt, agentId: null });
    const base = { id, externalId: `history-${++this.sequence}`, topicId: topic.id, priority: topic.priority, callerKey, arrivedAt, queuedAt, repeatOfCallId: repeatOf?.id ?? null, repeatContactAt: null };

    let call: HistoryCall;
    if (random() < ABANDON_RATE) {
      const waited = random() < SHORT_ABANDON_SHARE ? random() * 4.9 : 5 + exponential(random, 60);
      const endedAt = new Date(queuedAt.getTime() + waited * 1000);
      events.push({ type: JourneyEventType.Abandoned, at: endedAt, agentId: null });
      call = { ...base, state: CallState.Abandoned, transferCount: 0, agentId: null, outcome: null, expectationAligned: null, answeredAt: null, endedAt, completedAt: endedAt, lastSeq: 0 };
    } else {
      const ready = queuedAt.getTime() + exponential(random, 15) * 1000;
      const agentId = this.freeAgent(ready);
      const answeredAt = new Date(Math.max(ready, this.agentFreeAt.get(agentId) ?? 0));
      const transfers = pick(random, TRANSFER_RATES.map((w, n) => [n, w] as [number, number]));
      let at = answeredAt.getTime();
      events.push({ type: JourneyEventType.Offered, at: new Date(at - 2000), agentId }, { type: JourneyEventType.Connected, at: answeredAt, agentId });
      for (let t = 0; t < transfers; t++) {
        at += lognormal(random, 90) * 1000;
        events.push({ type: JourneyEventType.Transferred, at: new Date(at), agentId });
        at += (10 + random() * 40) * 1000;
        events.push({ type: JourneyEventType.Offered, at: new Date(at - 2000), agentId }, { type: JourneyEventType.Connected, at: new Date(at), agentId });
      }
      const endedAt = new Date(at + lognormal(random, MEAN_TALK_SEC) * 1000);
      const outcome = pick(random, OUTCOME_MIX);
      const completedAt = new Date(endedAt.getTime() + (outcome === Outcome.NotRecorded ? 120 : exponential(random, MEAN_WRAP_SEC)) * 1000);
      events.push({ type: JourneyEventType.TalkEnded, at: endedAt, agentId }, { type: JourneyEventType.OutcomeRecorded, at: completedAt, agentId });
      call = {
        ...base,
        state: CallState.Completed,
        transferCount: transfers,
        agentId,
        outcome,
        expectationAligned: outcome === Outcome.NotRecorded ? null : random() < 0.85,
        answeredAt,
        endedAt,
        completedAt,
        lastSeq: 0,
      };
      await this.agentBusy(agentId, call, localMidnight);
    }
    call.lastSeq = events.length;
    if (repeatOf && !repeatOf.repeatContactAt) repeatOf.repeatContactAt = arrivedAt;
    for (const [i, event] of events.entries()) await this.sink.event({ ...event, callId: id, seq: i + 1 });
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

  /** A random agent free at `at`, or else the one free soonest: nobody takes two calls at once. */
  private freeAgent(at: number): string {
    let soonest = this.agents[0]!;
    for (let attempt = 0; attempt < 8; attempt++) {
      const agentId = this.agents[Math.floor(this.random() * this.agents.length)]!;
      const free = this.agentFreeAt.get(agentId) ?? 0;
      if (free <= at) return agentId;
      if (free < (this.agentFreeAt.get(soonest) ?? 0)) soonest = agentId;
    }
    for (const agentId of this.agents) if ((this.agentFreeAt.get(agentId) ?? 0) < (this.agentFreeAt.get(soonest) ?? 0)) soonest = agentId;
    return soonest;
  }

  /** The agents' log: a shift starts at opening time, then on a call, wrap-up, available again. */
  private async agentBusy(agentId: string, call: HistoryCall, localMidnight: number): Promise<void> {
    if (this.agentDay.get(agentId) !== localMidnight) {
      this.agentDay.set(agentId, localMidnight);
      await this.agentEvent({ agentId, at: new Date(localMidnight + OPEN_HOUR * 3_600_000), state: AgentState.Available, callId: null });
    }
    await this.agentEvent({ agentId, at: call.answeredAt!, state: AgentState.OnCall, callId: call.id });
    await this.agentEvent({ agentId, at: call.endedAt, state: AgentState.WrapUp, callId: call.id });
    await this.agentEvent({ agentId, at: call.completedAt, state: AgentState.Available, callId: call.id });
    this.agentFreeAt.set(agentId, call.completedAt.getTime());
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

  /** Hands on the calls no repeat can reach any more. */
  private async flushOlderThan(before: number): Promise<void> {
    let n = 0;
    while (n < this.recent.length && this.recent[n]!.arrivedAt.getTime() < before) await this.sink.call(this.recent[n++]!);
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
  for (let i = 0; i < 8; i++) key += Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return key;
}
