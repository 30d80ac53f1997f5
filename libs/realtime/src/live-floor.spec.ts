import { describe, expect, it } from '@jest/globals';
import type { FloorAgentView } from '@fc/contracts';
import type { StaffSource } from '@fc/journey';
import type { AgentChange, FloorChangeFeed } from './floor-change-feed.js';
import type { FloorViewsRepository } from './floor-views.repository.js';
import { LiveFloor } from './live-floor.js';

type Floor = Awaited<ReturnType<FloorViewsRepository['floor']>>;

const agent = (version: number, state: FloorAgentView['state']): FloorAgentView => ({
  id: 'a1',
  version,
  username: 'agent01',
  displayName: 'Agent 01',
  team: null,
  state,
  stateReason: null,
  stateSince: '2026-12-06T09:00:00.000Z',
  skills: [
    { skillKey: 'passport', proficiency: 3 },
    { skillKey: 'lang:nb', proficiency: 5 },
  ],
});
const floorOf = (agents: FloorAgentView[]): Floor => ({ topics: [], topicKeys: new Map(), calls: [], agents, ringable: new Set() });
const change = (version: number, state: FloorAgentView['state']): AgentChange => ({ ...agent(version, state), kind: 'agent', previousState: null, lastOfferedAt: null, hasEndpoint: false });

/** A live floor whose loads the test answers one by one, in the order they were asked for. */
function liveFloor(): { floor: LiveFloor; loads: ((floor: Floor) => void)[]; staff: () => StaffSource } {
  const loads: ((floor: Floor) => void)[] = [];
  const views = { floor: () => new Promise<Floor>((resolve) => loads.push(resolve)) } as unknown as FloorViewsRepository;
  let source: StaffSource | null = null;
  const places = { countStaffWith: (counted: StaffSource) => (source = counted) };
  const floor = new LiveFloor({} as FloorChangeFeed, views, places as never);
  return { floor, loads, staff: () => source! };
}

const settled = async (until: () => boolean) => {
  for (let turns = 0; !until() && turns < 100; turns++) await new Promise((resolve) => setImmediate(resolve));
};

describe("the api's live floor", () => {
  it('keeps a change that comes while a second reload runs, when a topic edit came during the first', async () => {
    const { floor, loads } = liveFloor();
    const reloaded = floor.onResync();
    // An administrator edits the topics while the floor loads: it must load again.
    floor.onChange({ kind: 'topics' });
    loads[0]!(floorOf([agent(1, 'available')]));
    await settled(() => loads.length === 2);
    expect(loads).toHaveLength(2);
    // The agent logs off while the second load runs, after its snapshot was taken.
    floor.onChange(change(2, 'offline'));
    loads[1]!(floorOf([agent(1, 'available')]));
    await reloaded;
    await settled(() => false);
    expect(floor.agent('a1')).toMatchObject({ version: 2, state: 'offline' });
  });

  it('counts the staff it shows, for callers’ wait estimates, and registers itself as their source', async () => {
    const { floor, loads, staff } = liveFloor();
    const reloaded = floor.onResync();
    loads[0]!(floorOf([agent(1, 'available')]));
    await reloaded;
    const wanted = { skill: 'passport', minProficiency: 2, languageSkill: 'lang:nb', endpointRequired: false };
    expect(staff()).toBe(floor);
    expect(floor.staffOf(wanted)).toEqual({ idle: 1, busy: 0 });
    // While endpoints are required, an agent without one counts for nothing; with one, again.
    expect(floor.staffOf({ ...wanted, endpointRequired: true })).toEqual({ idle: 0, busy: 0 });
    floor.onChange({ ...change(2, 'on_call'), hasEndpoint: true });
    expect(floor.staffOf({ ...wanted, endpointRequired: true })).toEqual({ idle: 0, busy: 1 });
  });
});
