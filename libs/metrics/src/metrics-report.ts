import { MetricsGroupBy, type MetricsFigures, type MetricsReport, type MetricsRow, type MetricsRowKey } from '@fc/contracts';
import { addTallies, callFigures, citizenFeedback, emptyTally, followUpOnTime, iso, occupancy, type CallTally, type StateSpan } from '@fc/domain';
import type { FeedbackCounts, MetricsQuery, MetricsRepository, MetricsSettings } from './metrics.repository.js';

interface Group {
  key: MetricsRowKey;
  /** Null until the group's first tally row. */
  tally: CallTally | null;
  feedback: FeedbackCounts;
  /** For occupancy: the agents in this row. */
  agentIds: string[];
}

const noFeedback = (): FeedbackCounts => ({ followUpsDue: 0, followUpsOnTime: 0, invited: 0, received: 0, positive: 0 });

/**
 * The figures of DESIGN §7 for `query`, read through `metrics`: the one computation behind a
 * requested report (in a report thread, decision 0029), the supervisors' tick and an agent's day.
 */
export async function computeReport(query: MetricsQuery, metrics: MetricsRepository, settings: MetricsSettings): Promise<MetricsReport> {
  const now = new Date();
  const byAgent = query.groupBy === MetricsGroupBy.Agent || query.groupBy === MetricsGroupBy.Team;
  // Independent reads, side by side as far as the pool allows: the floor's figures on the main
  // pool in parallel; a report's on its thread's one connection, one after the other.
  const [tallies, feedback, topics, agents, spans] = await Promise.all([
    metrics.tallies(query, now),
    metrics.feedback(query, now),
    query.groupBy === MetricsGroupBy.Topic ? metrics.topicKeys() : new Map<string, string>(),
    byAgent ? metrics.agentsById() : new Map<string, { username: string; team: string | null }>(),
    // Occupancy is an agent's figure: for agent and team rows over the whole range.
    byAgent && !query.interval ? metrics.agentStateSpans(query.from, query.to) : null,
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
    const start = iso(intervalStart);
    if (start) key.intervalStart = start;
    const k = `${id ?? '-'}|${start ?? '-'}`;
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { key, tally: null, feedback: noFeedback(), agentIds: [] }));
    if (entityId && byAgent && !group.agentIds.includes(entityId)) group.agentIds.push(entityId);
    return group;
  };
  for (const row of tallies) {
    const group = groupOf(row.entityId, row.intervalStart);
    group.tally = group.tally ? addTallies(group.tally, row.tally) : row.tally;
  }
  for (const { entityId, intervalStart, counts } of feedback) {
    const group = groupOf(entityId, intervalStart);
    for (const field of Object.keys(counts) as (keyof FeedbackCounts)[]) group.feedback[field] += counts[field];
  }

  // Sorted by interval, then name: each row's sort text made once, not at every comparison.
  const sorted = [...groups.values()].map((group) => ({ group, text: sortText(group.key) })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const rows: MetricsRow[] = sorted.map(({ group }) => ({ key: group.key, figures: figures(group, spans) }));
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    interval: query.interval,
    timeZone: settings.metricsTimeZone,
    repeatWindowDays: settings.repeatWindowDays,
    generatedAt: now.toISOString(),
    rows,
  };
}

function figures(group: Group, spans: Map<string, StateSpan[]> | null): MetricsFigures {
  const { csat, responseRate } = citizenFeedback(group.feedback.positive, group.feedback.received, group.feedback.invited);
  return {
    ...callFigures(group.tally ?? emptyTally()),
    followUpOnTime: followUpOnTime(group.feedback.followUpsOnTime, group.feedback.followUpsDue),
    csat,
    feedbackResponseRate: responseRate,
    occupancy: spans ? occupancy(group.agentIds.flatMap((id) => spans.get(id) ?? [])) : null,
  };
}

function sortText(key: MetricsRowKey): string {
  return `${key.intervalStart ?? ''}|${key.topicKey ?? key.agentUsername ?? key.team ?? ''}`;
}
