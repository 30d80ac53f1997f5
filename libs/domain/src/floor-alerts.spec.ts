import { describe, expect, it } from '@jest/globals';
import type { FloorAgentView, FloorCallView, QueueView } from '@fc/contracts';
import { floorAlert } from './floor-alerts.js';

const now = new Date('2026-11-23T09:05:30.000Z');

const call = (extra: Partial<FloorCallView> = {}): FloorCallView => ({
  id: 'c1',
  version: 3,
  state: 'queued',
  direction: 'inbound',
  topicKey: 'passport',
  language: 'nb',
  priority: 0,
  transferCount: 0,
  agentId: null,
  queuedAt: '2026-11-23T09:05:00.000Z',
  waitingSince: '2026-11-23T09:05:00.000Z',
  answeredAt: null,
  offerExpiresAt: null,
  escalationStep: 0,
  callbackOffered: false,
  outcome: null,
  ...extra,
});

const queue = (extra: Partial<QueueView> = {}): QueueView => ({
  topicKey: 'passport',
  nameNb: 'Pass og ID',
  nameEn: 'Passport and ID',
  serviceLevelTargetSec: 20,
  serviceLevelTargetPct: 80,
  waiting: 2,
  oldestQueuedAt: '2026-11-23T09:05:00.000Z',
  offered: 0,
  connected: 0,
  wrapUp: 0,
  callbacksWaiting: 0,
  dialling: 0,
  ...extra,
});

const agent = (extra: Partial<FloorAgentView> = {}): FloorAgentView => ({
  id: 'a1',
  version: 7,
  username: 'a1',
  displayName: 'A1',
  team: null,
  state: 'break',
  stateReason: 'missed',
  stateSince: '2026-11-23T09:04:00.000Z',
  skills: [],
  ...extra,
});

const followUp = { id: 'f1', kind: 'callback', callId: 'c1', dueAt: new Date('2026-11-23T09:15:00.000Z'), topicKey: 'passport', ownerAgentId: null } as const;

describe('floor alerts', () => {
  it('alerts a caller queued for the limit or longer, by call', () => {
    expect(floorAlert.longWait(call(), now, 31)).toBeNull();
    expect(floorAlert.longWait(call(), now, 30)).toEqual({ id: 'long_wait:c1', kind: 'long_wait', at: '2026-11-23T09:05:30.000Z', topicKey: 'passport', callId: 'c1', agentId: null, waitedSec: 30 });
    expect(floorAlert.longWait(call({ state: 'offered' }), now, 10)).toBeNull();
  });

  it("alerts a topic below today's target while callers wait, once an hour", () => {
    expect(floorAlert.serviceLevelAtRisk(queue(), 0.5, now)).toEqual({
      id: 'service_level_at_risk:passport:2026-11-23T09',
      kind: 'service_level_at_risk',
      at: '2026-11-23T09:05:30.000Z',
      topicKey: 'passport',
      callId: null,
      agentId: null,
      serviceLevel: 0.5,
      target: 0.8,
    });
    expect(floorAlert.serviceLevelAtRisk(queue(), 0.8, now)).toBeNull();
    expect(floorAlert.serviceLevelAtRisk(queue(), null, now)).toBeNull();
    expect(floorAlert.serviceLevelAtRisk(queue({ waiting: 0 }), 0.5, now)).toBeNull();
  });

  it('alerts a missed offer and a lost console when the agent enters that state, by agent and version', () => {
    expect(floorAlert.agentChanged(agent(), 'reserved')).toEqual({ id: 'missed_offer:a1:7', kind: 'missed_offer', at: '2026-11-23T09:04:00.000Z', topicKey: null, callId: null, agentId: 'a1' });
    expect(floorAlert.agentChanged(agent({ state: 'offline', stateReason: 'console_lost' }), 'available')).toMatchObject({ id: 'console_lost:a1:7', kind: 'console_lost' });
    expect(floorAlert.agentChanged(agent(), 'break')).toBeNull();
    expect(floorAlert.agentChanged(agent({ stateReason: 'training' }), 'available')).toBeNull();
  });

  it('alerts follow-ups falling due and overdue, by follow-up', () => {
    const dueSoon = {
      id: 'follow_up_due_soon:f1',
      kind: 'follow_up_due_soon',
      at: '2026-11-23T09:05:30.000Z',
      topicKey: 'passport',
      callId: 'c1',
      agentId: null,
      followUpId: 'f1',
      followUpKind: 'callback',
      dueAt: '2026-11-23T09:15:00.000Z',
    };
    expect(floorAlert.followUpDueSoon(followUp, now)).toEqual(dueSoon);
    expect(floorAlert.followUpOverdue(followUp, now)).toEqual({ ...dueSoon, id: 'follow_up_overdue:f1', kind: 'follow_up_overdue' });
  });

  it('alerts improvement actions falling due and overdue, by action', () => {
    const action = { id: 'a1', dueAt: new Date('2026-11-25T12:00:00.000Z'), topicKey: null };
    const dueSoon = {
      id: 'improvement_action_due_soon:a1',
      kind: 'improvement_action_due_soon',
      at: '2026-11-23T09:05:30.000Z',
      topicKey: null,
      callId: null,
      agentId: null,
      improvementActionId: 'a1',
      dueAt: '2026-11-25T12:00:00.000Z',
    };
    expect(floorAlert.improvementActionDueSoon(action, now)).toEqual(dueSoon);
    expect(floorAlert.improvementActionOverdue({ ...action, topicKey: 'passport' }, now)).toEqual({
      ...dueSoon,
      id: 'improvement_action_overdue:a1',
      kind: 'improvement_action_overdue',
      topicKey: 'passport',
    });
  });
});
