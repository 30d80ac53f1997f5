import { AgentState, CallState } from '@fc/contracts';
import { RoutingIndex, type RoundPlan, type RoutableAgent, type WaitingCall } from '@fc/domain';
import type { FloorChange, FloorChangeListener } from '@fc/realtime/feed';
import type { FloorAgentRow } from './routing-candidates.repository.js';

/** An agent as the floor keeps them: the loaded row without its id (the key) and its `holding` (kept as hidden). */
type FloorAgent = Omit<FloorAgentRow, 'id' | 'holding'>;

/** An agent as rounds see them, with the version of the row behind it. */
export type RoundAgent = RoutableAgent & { version: number };

/**
 * The routing leader's floor (docs/decisions/0053): every agent as a round ranks and filters them,
 * loaded once when the process starts to lead, then kept current by the change feed, so a round
 * reads no agent from the database. Waiting calls are still read by each round, in its transaction.
 * The agents rounds may pair (logged in, and ringable when `requireEndpoints`) are kept ranked in
 * a {@link RoutingIndex} (docs/decisions/0057): each change moves its agent there, and a round
 * costs what it plans, not the floor.
 *
 * The feed comes in commit order and each agent's row has a version, so a change older than what
 * the floor holds is dropped, and changes that arrive while the floor loads are applied on top of
 * it. The floor may lag the database by the feed's delivery: a round may pair an agent who has just
 * left, and the offer's re-check under the row lock skips that pair. Such an agent, and one just
 * offered a call, is {@link hide}-den until the feed brings a newer row, so the next round does not
 * pair them again before the floor has caught up.
 *
 * `changed` is called for every change after which a round could pair more: an agent newly free,
 * a call newly queued, the topics' rules edited, the floor (re)loaded.
 */
export class RoutingFloor implements FloorChangeListener {
  private agents = new Map<string, FloorAgent>();
  /** Agents left out of rounds while their row is still at the version given. */
  private readonly hidden = new Map<string, number>();
  /** Work today, for `least_occupied`, as the last round that needed it read it. */
  private readonly occupancy = new Map<string, number>();
  private index = new RoutingIndex();
  /** Changes that arrive while the floor loads, applied on top of it. */
  private pending: FloorChange[] | null = null;
  /** Rounds pair on what the floor has heard: its feed is read at once, not in bursts (decision 0061). */
  readonly prompt = true;

  constructor(
    private readonly load: () => Promise<FloorAgentRow[]>,
    private readonly changed: () => void,
    /** Whether rounds leave out agents the telephony platform cannot ring (DESIGN §11). */
    private readonly requireEndpoints = false,
  ) {}

  async onResync(): Promise<void> {
    this.pending = [];
    try {
      const rows = await this.load();
      const agents = new Map<string, FloorAgent>();
      this.hidden.clear();
      for (const { id, holding, ...agent } of rows) {
        agents.set(id, agent);
        if (holding) this.hidden.set(id, agent.version);
      }
      this.agents = agents;
      this.index = new RoutingIndex();
      for (const id of agents.keys()) this.reindex(id);
      for (const change of this.pending) this.apply(change);
    } finally {
      this.pending = null;
    }
    this.changed();
  }

  onChange(change: FloorChange): void {
    if (this.pending) this.pending.push(change);
    else if (this.apply(change)) this.changed();
  }

  /**
   * One round's plan on the floor as of the last change applied (`RoutingIndex.plan`).
   * @param unavailable agents to leave out of this round alone.
   */
  plan(calls: readonly WaitingCall[], now: Date, unavailable: Iterable<string> = []): RoundPlan {
    return this.index.plan(calls, now, unavailable);
  }

  /** The version of the agent's row the floor holds now: read right after {@link plan}, the one it planned on. */
  versionOf(agentId: string): number | undefined {
    return this.agents.get(agentId)?.version;
  }

  /** The agents rounds may pair, as the index holds them. */
  agentsForRound(): RoundAgent[] {
    return [...this.index.agents()].map((agent) => ({ ...agent, version: this.agents.get(agent.id)!.version }));
  }

  /** The agents a round could offer to now: whose work today `least_occupied` needs. */
  availableAgentIds(): string[] {
    return [...this.index.agents()].filter((agent) => agent.available).map((agent) => agent.id);
  }

  /** Work today of `agentIds` as just read (0 for any missing); only agents whose figure changed move in the index. */
  setOccupancy(agentIds: readonly string[], occupancy: ReadonlyMap<string, number>): void {
    for (const id of agentIds) {
      const value = occupancy.get(id) ?? 0;
      if ((this.occupancy.get(id) ?? 0) === value) continue;
      this.occupancy.set(id, value);
      this.reindex(id);
    }
  }

  /**
   * Leaves the agent out of rounds until the floor holds a row newer than `version` (the one a
   * round planned on). Nothing, when the feed has already brought a newer one.
   */
  hide(agentId: string, version: number): void {
    if (this.agents.get(agentId)?.version !== version) return;
    this.hidden.set(agentId, version);
    this.reindex(agentId);
  }

  /** Puts the agent in the index as their row now stands, or takes them out when rounds may not pair them. */
  private reindex(id: string): void {
    const agent = this.agents.get(id);
    if (!agent || agent.state === AgentState.Offline || (this.requireEndpoints && !agent.hasEndpoint)) {
      this.index.remove(id);
      this.occupancy.delete(id);
      return;
    }
    this.index.put({
      id,
      available: agent.state === AgentState.Available && this.hidden.get(id) !== agent.version,
      idleSince: agent.stateSince,
      skills: agent.skills,
      occupancy: this.occupancy.get(id) ?? 0,
      lastOfferedAt: agent.lastOfferedAt,
    });
  }

  /**
   * @returns whether a round could now pair more than before: an agent newly free for calls (or
   *   free with other skills, or now ringable), a call newly waiting (or waiting in another
   *   topic), the topics' rules edited. A waiting call's own round writing its escalation step, or
   *   an offer, asks for none: a round that asked for the next after each of its own writes would
   *   run twice for every change.
   */
  private apply(change: FloorChange): boolean {
    switch (change.kind) {
      case 'agent': {
        const known = this.agents.get(change.id);
        if (known && known.version >= change.version) return false;
        const wasFree = known !== undefined && known.state === AgentState.Available && this.hidden.get(change.id) !== known.version;
        const agent: FloorAgent = {
          version: change.version,
          state: change.state as AgentState,
          stateSince: new Date(change.stateSince),
          lastOfferedAt: change.lastOfferedAt === null ? null : new Date(change.lastOfferedAt),
          hasEndpoint: change.hasEndpoint,
          skills: new Map(change.skills.map((s) => [s.skillKey, s.proficiency])),
        };
        this.agents.set(change.id, agent);
        this.hidden.delete(change.id);
        this.reindex(change.id);
        if (agent.state !== AgentState.Available) return false;
        return !wasFree || (agent.hasEndpoint && !known.hasEndpoint) || !sameSkills(known.skills, agent.skills);
      }
      case 'call':
        return change.state === CallState.Queued && (change.previousState !== CallState.Queued || change.previousTopicId !== change.topicId);
      case 'topics':
        return true;
    }
  }
}

function sameSkills(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, proficiency] of a) if (b.get(key) !== proficiency) return false;
  return true;
}
