import { describe, expect, it } from '@jest/globals';
import { AgentState, CallState } from '@fc/contracts';
import type { WaitingCall } from '@fc/domain';
import type { AgentChange, CallChange } from '@fc/realtime/feed';
import type { FloorAgentRow } from './routing-candidates.repository.js';
import { RoutingFloor } from './routing-floor.js';

const row = (id: string, version: number, state: AgentState, extra: Partial<FloorAgentRow> = {}): FloorAgentRow => ({
  id,
  version,
  state,
  stateSince: new Date('2026-12-06T09:00:00Z'),
  lastOfferedAt: null,
  hasEndpoint: true,
  holding: false,
  skills: new Map([['passport', 3]]),
  ...extra,
});

const agentChange = (id: string, version: number, state: AgentState, extra: Partial<AgentChange> = {}): AgentChange => ({
  kind: 'agent',
  id,
  version,
  state,
  previousState: null,
  stateReason: null,
  stateSince: '2026-12-06T10:00:00.000Z',
  username: id,
  displayName: id,
  team: null,
  skills: [{ skillKey: 'tips', proficiency: 4 }],
  lastOfferedAt: '2026-12-06T09:30:00.000Z',
  hasEndpoint: true,
  ...extra,
});

const callChange = (state: CallState, previousState: CallState | null, topicId = 't1', previousTopicId: string | null = 't1'): CallChange =>
  ({ kind: 'call', state, previousState, topicId, previousTopicId }) as CallChange;

/** A floor on `rows`, counting how often it asks for a round. */
async function loaded(rows: FloorAgentRow[], requireEndpoints = false): Promise<{ floor: RoutingFloor; asked: () => number }> {
  let asked = 0;
  const floor = new RoutingFloor(
    async () => rows,
    () => asked++,
    requireEndpoints,
  );
  await floor.onResync();
  return { floor, asked: () => asked };
}

const available = (floor: RoutingFloor) =>
  floor
    .agentsForRound()
    .filter((a) => a.available)
    .map((a) => a.id);

describe('RoutingFloor', () => {
  it('offers the logged-in agents as loaded, leaves offline ones out, and asks for a round once loaded', async () => {
    const { floor, asked } = await loaded([row('a', 1, AgentState.Available), row('b', 1, AgentState.OnCall), row('c', 1, AgentState.Offline)]);
    expect(floor.agentsForRound().map((a) => [a.id, a.available, a.version])).toEqual([
      ['a', true, 1],
      ['b', false, 1],
    ]);
    expect(asked()).toBe(1);
  });

  it('applies a newer row from the feed and drops an older one', async () => {
    const { floor } = await loaded([row('a', 3, AgentState.OnCall)]);
    floor.onChange(agentChange('a', 2, AgentState.Available));
    expect(available(floor)).toEqual([]);
    floor.onChange(agentChange('a', 4, AgentState.Available));
    const [agent] = floor.agentsForRound();
    expect(agent).toEqual({
      id: 'a',
      version: 4,
      available: true,
      idleSince: new Date('2026-12-06T10:00:00.000Z'),
      skills: new Map([['tips', 4]]),
      occupancy: 0,
      lastOfferedAt: new Date('2026-12-06T09:30:00.000Z'),
    });
  });

  it('asks for a round when an agent becomes free, a call starts waiting or the topics change, and not otherwise', async () => {
    const { floor, asked } = await loaded([row('a', 1, AgentState.OnCall)]);
    floor.onChange(agentChange('a', 2, AgentState.WrapUp));
    floor.onChange(callChange(CallState.Connected, CallState.Offered));
    expect(asked()).toBe(1);
    floor.onChange(agentChange('a', 3, AgentState.Available));
    floor.onChange(agentChange('a', 3, AgentState.Available)); // the same row twice: once
    expect(asked()).toBe(2);
    // Still free, nothing new to pair with: a round's own writes to a waiting call, an unchanged agent.
    floor.onChange(callChange(CallState.Queued, CallState.Queued));
    floor.onChange(agentChange('a', 4, AgentState.Available));
    expect(asked()).toBe(2);
    floor.onChange(callChange(CallState.Queued, null)); // arrived
    floor.onChange(callChange(CallState.Queued, CallState.Offered)); // declined
    floor.onChange(callChange(CallState.Queued, CallState.Queued, 't2', 't1')); // moved to another topic
    floor.onChange(agentChange('a', 5, AgentState.Available, { skills: [{ skillKey: 'tips', proficiency: 5 }] })); // a skill raised
    floor.onChange({ kind: 'topics' });
    expect(asked()).toBe(7);
  });

  it('asks for a round when a hidden agent, still available, gets a newer row', async () => {
    const { floor, asked } = await loaded([row('a', 1, AgentState.Available, { holding: true })]);
    floor.onChange(agentChange('a', 2, AgentState.Available, { skills: [{ skillKey: 'passport', proficiency: 3 }] }));
    expect(asked()).toBe(2);
  });

  it('applies the changes that came while it loaded on top of the load, by version', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const floor = new RoutingFloor(
      async () => {
        await gate;
        return [row('a', 5, AgentState.Available), row('b', 1, AgentState.Break)];
      },
      () => undefined,
    );
    const loading = floor.onResync();
    floor.onChange(agentChange('a', 4, AgentState.Break)); // older than the load: dropped
    floor.onChange(agentChange('b', 2, AgentState.Available)); // newer: applied
    release();
    await loading;
    expect(available(floor)).toEqual(['a', 'b']);
  });

  it('hides an agent until a row newer than the one planned on arrives', async () => {
    const { floor } = await loaded([row('a', 1, AgentState.Available), row('b', 1, AgentState.Available)]);
    floor.hide('a', 1);
    expect(available(floor)).toEqual(['b']);
    floor.onChange(agentChange('a', 2, AgentState.Available));
    expect(available(floor)).toEqual(['a', 'b']);
  });

  it('does not hide an agent the feed has already moved past the planned row', async () => {
    const { floor } = await loaded([row('a', 1, AgentState.Available)]);
    floor.onChange(agentChange('a', 3, AgentState.Available));
    floor.hide('a', 1);
    expect(available(floor)).toEqual(['a']);
  });

  it('leaves out an agent available by the row while holding a call, until the row changes', async () => {
    const { floor } = await loaded([row('a', 7, AgentState.Available, { holding: true })]);
    expect(available(floor)).toEqual([]);
    floor.onChange(agentChange('a', 8, AgentState.Available));
    expect(available(floor)).toEqual(['a']);
  });

  it('plans on the floor as kept: hidden agents out, newer rows in, work today re-ranking least occupied', async () => {
    const NOW = new Date('2026-12-06T12:00:00Z');
    const tipsCall = (strategy: 'longest_idle' | 'least_occupied'): WaitingCall => ({
      id: 'c',
      priority: 0,
      queuedAt: NOW,
      waitingSince: NOW,
      escalationStep: -1,
      topic: { skill: 'tips', minProficiency: 1, steps: [], strategy },
      languageSkill: 'lang:nb',
      excludedAgentIds: [],
    });
    const skills = new Map([
      ['tips', 3],
      ['lang:nb', 5],
    ]);
    const { floor } = await loaded([
      row('a', 1, AgentState.Available, { skills, stateSince: new Date('2026-12-06T09:00:00Z') }),
      row('b', 1, AgentState.Available, { skills, stateSince: new Date('2026-12-06T10:00:00Z') }),
    ]);
    const planned = (strategy: 'longest_idle' | 'least_occupied', unavailable: string[] = []) => floor.plan([tipsCall(strategy)], NOW, unavailable).assignments.map((p) => p.agentId);
    expect(planned('longest_idle')).toEqual(['a']);
    expect(planned('longest_idle', ['a'])).toEqual(['b']);
    floor.hide('a', floor.versionOf('a')!);
    expect(planned('longest_idle')).toEqual(['b']);
    floor.onChange(agentChange('a', 2, AgentState.Available, { stateSince: '2026-12-06T08:00:00.000Z', skills: [...skills].map(([skillKey, proficiency]) => ({ skillKey, proficiency })) }));
    expect(floor.versionOf('a')).toBe(2);
    expect(planned('longest_idle')).toEqual(['a']);
    floor.setOccupancy(['a', 'b'], new Map([['a', 0.5]]));
    expect(planned('least_occupied')).toEqual(['b']);
    floor.setOccupancy(['a', 'b'], new Map([['b', 0.7]]));
    expect(planned('least_occupied')).toEqual(['a']);
  });

  it('leaves out agents the platform cannot ring when endpoints are required', async () => {
    const rows = [row('a', 1, AgentState.Available, { hasEndpoint: false }), row('b', 1, AgentState.Available)];
    expect(available((await loaded(rows)).floor)).toEqual(['a', 'b']);
    const { floor } = await loaded(rows, true);
    expect(floor.agentsForRound().map((a) => a.id)).toEqual(['b']);
    floor.onChange(agentChange('a', 2, AgentState.Available, { hasEndpoint: true }));
    expect(available(floor)).toEqual(['b', 'a']);
  });
});
