import { describe, expect, it } from '@jest/globals';
import { AgentStateConflictError, planAgentStateChange } from './agent-state.js';

describe('an agent choosing a state', () => {
  it('goes available from offline or break, with no reason', () => {
    expect(planAgentStateChange('offline', 'available', undefined)).toEqual({ to: 'available', reason: null, revokeOffer: false });
    expect(planAgentStateChange('break', 'available', undefined)).toEqual({ to: 'available', reason: null, revokeOffer: false });
  });

  it('takes a break with the given reason, or plain break', () => {
    expect(planAgentStateChange('available', 'break', 'training')).toEqual({ to: 'break', reason: 'training', revokeOffer: false });
    expect(planAgentStateChange('available', 'break', undefined)).toEqual({ to: 'break', reason: 'break', revokeOffer: false });
  });

  it('revokes a pending offer when leaving while reserved', () => {
    expect(planAgentStateChange('reserved', 'break', 'meeting')).toEqual({ to: 'break', reason: 'meeting', revokeOffer: true });
    expect(planAgentStateChange('reserved', 'offline', undefined)).toEqual({ to: 'offline', reason: null, revokeOffer: true });
  });

  it('keeps a pending offer, and the agent reserved, when a reserved agent asks to be available', () => {
    expect(planAgentStateChange('reserved', 'available', undefined)).toEqual({ to: 'reserved', reason: null, revokeOffer: false });
  });

  it.each([
    ['on_call', 'break'],
    ['on_call', 'offline'],
    ['on_call', 'available'],
    ['wrap_up', 'break'],
    ['wrap_up', 'offline'],
    ['wrap_up', 'available'],
  ] as const)('refuses %s -> %s: the call must be finished first', (from, to) => {
    expect(() => planAgentStateChange(from, to, undefined)).toThrow(AgentStateConflictError);
  });
});
