import { AppConfig } from '@fc/config';
import { MetricsGroupBy, type AgentTodayView, type MetricsFigures, type MetricsReport, type MetricsRow, type MetricsRowKey, type MetricsTick } from '@fc/contracts';
import { addTallies, callFigures, citizenFeedback, emptyTally, followUpOnTime, occupancy, type CallTally, type StateSpan } from '@fc/domain';
import { BadRequestException, Injectable } from '@nestjs/common';
import { MetricsRepository, type FeedbackCounts, type MetricsQuery } from './metrics.repository.js';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for, and the longest split into 15-minute rows. */
const MAX_RANGE_DAYS = 400;
const MAX_15M_RANGE_DAYS = 31;

interface Group {
  key: MetricsRowKey;
  tally: CallTally;
  feedback: FeedbackCounts;
  /** For occupancy: the agents in this row. */
  agentIds: string[];
}

const noFeedback = (): FeedbackCounts => ({ followUpsDue: 0, followUpsOnTime: 0, invited: 0, received: 0, positive: 0 });

/** `GET /api/metrics`: the figures of DESIGN §7 per topic, agent, team or interval. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly config: AppConfig,
  ) {}

  /** @throws BadRequestException for a range that is empty, too long, or a grouping that needs an interval */
  checkQuery(query: MetricsQuery): void {
    const days = (query.to.getTime() - query.from.getTime()) / DAY_MS;
    if (!(days > 0)) throw new BadRequestException('to must be after from');
    if (days > MAX_RANGE_DAYS) throw new BadRequestException(`the range may be at most ${MAX_RANGE_DAYS} days`);
    if (query.interval === '15m' && days > MAX_15M_RANGE_DAYS) throw new BadRequestException(`15-minute intervals are for ranges of at most ${MAX_15M_RANGE_DAYS} days`);
    if (query.groupBy === MetricsGroupBy.Interval && !query.interval) throw new BadRequestException('groupBy=interval needs an interval: 15m, 1h or 1d');
  }

  async report(query: MetricsQuery): Promise<MetricsReport> {
    this.checkQuery(query);
    const now = new Date();
    const byAgent = query.groupBy === MetricsGroupBy.Agent || query.groupBy === MetricsGroupBy.Team;
    // Independent reads, side by side on the pool: the answer takes as long as the slowest, not the sum.
    const [tallies, feedback, topics, agents, spans] = await Promise.all([
      this.metrics.tallies(query, now),
      this.metrics.feedback(query, now),
      query.groupBy === MetricsGroupBy.Topic ? this.metrics.topicKeys() : new Map<string, string>(),
      byAgent ? this.metrics.agentsById() : new Map<string, { username: string; team: string | null }>(),
      // Occupancy is an agent's figure: for agent and team rows over the whole range.
      byAgent && !query.interval ? this.metrics.agentStateSpans(query.from, query.to) : null,
    ]);

    const groups = new Map<string, Group>();
    const groupOf = (entityId: string | null, intervalStart: Date | null): Group => {
      const key: MetricsRowKey = {};
      let id = entityId;
      if (query.groupBy === MetricsGroupBy.Topic) key.topicKey = topics.get(entityId ?? '') ?? 'unknown';
      if (query.groupBy === MetricsGroupBy.Agent) Object.assign(key, { agentId: entityId, agentUsername: agents.get(entityId ?? '')?.username ?? null });
      if (query.groupBy === MetricsGroupBy.Team) {
        key.team = agents.get(entityId ?? '')?.team ?? null;
        id = `team:${key.team ?? ''}`;
      }
      if (intervalStart) key.intervalStart = new Date(intervalStart).toISOString();
      const k = `${id ?? '-'}|${intervalStart ? new Date(intervalStart).toISOString() : '-'}`;
      let group = groups.get(k);
      if (!group) groups.set(k, (group = { key, tally: emptyTally(), feedback: noFeedback(), agentIds: [] }));
      if (entityId && byAgent && !group.agentIds.includes(entityId)) group.agentIds.push(entityId);
      return group;
    };
    for (const row of tallies) {
      const group = groupOf(row.entityId, row.intervalStart);
      group.tally = addTallies(group.tally, row.tally);
    }
    for (const { entityId, intervalStart, counts } of feedback) {
      const group = groupOf(entityId, intervalStart);
      for (const field of Object.keys(counts) as (keyof FeedbackCounts)[]) group.feedback[field] += counts[field];
    }

    const rows: MetricsRow[] = [...groups.values()].map((group) => ({ key: group.key, figures: this.figures(group, spans) }));
    rows.sort((a, b) => compareKeys(a.key, b.key));
    return {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      groupBy: query.groupBy,
      interval: query.interval,
      timeZone: this.config.metricsTimeZone,
      repeatWindowDays: this.config.repeatWindowDays,
      generatedAt: now.toISOString(),
      rows,
    };
  }

  /** Today so far per topic, for supervisors' `metrics.tick`. */
  async today(): Promise<MetricsTick> {
    const since = await this.metrics.startOfToday();
    const now = new Date();
    const report = await this.report({ from: since, to: new Date(now.getTime() + 1), groupBy: MetricsGroupBy.Topic, interval: null });
    const rows = new Map(report.rows.map((row) => [row.key.topicKey, row.figures]));
    const topics = [...(await this.metrics.topicKeys()).values()].sort();
    return {
      at: now.toISOString(),
      since: since.toISOString(),
      topics: topics.map((topicKey) => {
        const f = rows.get(topicKey);
        return {
          topicKey,
          offered: f?.offered ?? 0,
          transferredIn: f?.transferredIn ?? 0,
          answered: f?.answered ?? 0,
          abandoned: f?.abandoned ?? 0,
          shortAbandons: f?.shortAbandons ?? 0,
          answeredWithinTarget: f?.serviceLevel.numerator ?? 0,
          serviceLevel: f?.serviceLevel.value ?? null,
          asaSec: f?.asaSec.value ?? null,
        };
      }),
    };
  }

  /** Today so far for one agent (their legs of calls: answered, passed on, finished), for the agent's own day. */
  async agentToday(agentId: string): Promise<AgentTodayView> {
    const since = await this.metrics.startOfToday();
    const report = await this.report({ from: since, to: new Date(Date.now() + 1), groupBy: MetricsGroupBy.Agent, interval: null });
    return { since: since.toISOString(), figures: report.rows.find((row) => row.key.agentId === agentId)?.figures ?? null };
  }

  private figures(group: Group, spans: Map<string, StateSpan[]> | null): MetricsFigures {
    const { csat, responseRate } = citizenFeedback(group.feedback.positive, group.feedback.received, group.feedback.invited);
    return {
      ...callFigures(group.tally),
      followUpOnTime: followUpOnTime(group.feedback.followUpsOnTime, group.feedback.followUpsDue),
      csat,
      feedbackResponseRate: responseRate,
      occupancy: spans ? occupancy(group.agentIds.flatMap((id) => spans.get(id) ?? [])) : null,
    };
  }
}

function compareKeys(a: MetricsRowKey, b: MetricsRowKey): number {
  const text = (k: MetricsRowKey) => `${k.intervalStart ?? ''}|${k.topicKey ?? k.agentUsername ?? k.team ?? ''}`;
  return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
}
