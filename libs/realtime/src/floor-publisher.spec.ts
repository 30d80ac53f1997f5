import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { FloorAgentView, FloorSnapshot } from '@fc/contracts';
import type { CallChange, FloorChangeFeed } from './floor-change-feed.js';
import { FloorPublisher } from './floor-publisher.js';
import type { FloorViewsRepository } from './floor-views.repository.js';
import { LiveFloor } from './live-floor.js';
import type { OfferConnection } from './offer-connection.js';
import { SUPERVISORS_ROOM } from './realtime-rooms.js';
import type { SupervisorNamespace, SupervisorSocket } from './realtime-sockets.js';

type Floor = Awaited<ReturnType<FloorViewsRepository['floor']>>;

const TOPIC_ID = 't-passport';
const topic = { id: TOPIC_ID, topicKey: 'passport', nameNb: 'Pass', nameEn: 'Passport', serviceLevelTargetSec: 60, serviceLevelTargetPct: 80 };
const floorOf = (agents: FloorAgentView[] = []): Floor => ({ topics: [topic], topicKeys: new Map([[TOPIC_ID, 'passport']]), calls: [], agents, ringable: new Set() });
const queued = (id: string, version: number): CallChange => ({
  kind: 'call',
  id,
  version,
  state: 'queued',
  direction: 'inbound',
  topicId: TOPIC_ID,
  language: 'nb',
  priority: 0,
  transferCount: 0,
  agentId: null,
  queuedAt: '2026-12-07T09:00:00.000Z',
  waitingSince: '2026-12-07T09:00:00.000Z',
  answeredAt: null,
  offerExpiresAt: null,
  escalationStep: 0,
  callbackOffered: false,
  outcome: null,
  previousState: 'arrived',
  previousAgentId: null,
  previousTopicId: null,
  lastSeq: 2,
});

/**
 * The `/supervisor` namespace as the publisher uses it: its rooms, every message it is asked to
 * send to this process's supervisors (socket.io encodes each, whoever is in the room), and those
 * that reached a supervisor.
 */
function supervisorNamespace() {
  const rooms = new Map<string, Set<string>>();
  const sent: { event: string; payload: unknown }[] = [];
  const delivered: { event: string; payload: unknown }[] = [];
  const namespace = {
    adapter: { rooms },
    local: {
      to: (room: string) => ({
        emit: (event: string, payload: unknown) => {
          sent.push({ event, payload });
          if (room === SUPERVISORS_ROOM && rooms.get(room)?.size) delivered.push({ event, payload });
        },
      }),
    },
  };
  return { namespace: namespace as unknown as SupervisorNamespace, rooms, sent, delivered };
}

async function publisherOnLoadedFloor() {
  const views = { floor: async () => floorOf() } as unknown as FloorViewsRepository;
  const floor = new LiveFloor({} as FloorChangeFeed, views, { countStaffWith: () => undefined } as never);
  await floor.onResync();
  // These tests make no offers: nothing asks for the offers' connections.
  const publisher = new FloorPublisher(floor, views, {} as OfferConnection);
  const supervisors = supervisorNamespace();
  publisher.attachSupervisors(supervisors.namespace);
  return { floor, publisher, ...supervisors };
}

const batches = (sent: { event: string; payload: unknown }[]) => sent.filter((s) => s.event === 'batch').flatMap((s) => s.payload as [string, unknown][]);
/** Whatever batch is waiting goes out now. */
const flushed = () => void jest.runOnlyPendingTimers();

describe("what an api process's publisher sends supervisors", () => {
  beforeEach(() => void jest.useFakeTimers());
  afterEach(() => void jest.useRealTimers());

  it('batches and encodes nothing while no supervisor is on this process', async () => {
    const { floor, sent } = await publisherOnLoadedFloor();
    floor.onChange(queued('c1', 2));
    flushed();
    expect(sent).toEqual([]);
    // The change is on the floor all the same: a supervisor who connects now starts from it.
    expect(floor.snapshot().queues).toEqual([expect.objectContaining({ topicKey: 'passport', waiting: 1 })]);
  });

  it('sends a supervisor who joins later the queue as it is after the next change, though no queue was announced before they came', async () => {
    const { floor, publisher, delivered, rooms } = await publisherOnLoadedFloor();
    floor.onChange(queued('c1', 2));
    // As the gateway connects a supervisor: the snapshot, then the room, in one tick.
    const snapshots: FloorSnapshot[] = [];
    publisher.sendSnapshot({ emit: (_event: 'snapshot', snapshot: FloorSnapshot) => snapshots.push(snapshot) } as unknown as SupervisorSocket);
    rooms.set(SUPERVISORS_ROOM, new Set(['s1']));
    expect(snapshots[0]!.queues).toEqual([expect.objectContaining({ topicKey: 'passport', waiting: 1 })]);
    floor.onChange(queued('c2', 2));
    flushed();
    const events = batches(delivered);
    expect(events.map(([name]) => name)).toEqual(['call.updated', 'queue.updated']);
    expect(events[1]![1]).toMatchObject({ topicKey: 'passport', waiting: 2 });
  });
});
