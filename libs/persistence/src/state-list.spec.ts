import { describe, expect, it } from '@jest/globals';
import { AGENT_HOLDING_CALL_STATES } from '@fc/domain';
import { stateList } from './state-list.js';

describe('stateList', () => {
  it('writes the domain’s states as an SQL list', () => {
    expect(stateList(AGENT_HOLDING_CALL_STATES)).toBe("('offered', 'dialling', 'connected', 'wrap_up')");
  });

  it('refuses anything that is not a state name, so nothing else reaches a statement’s text', () => {
    expect(() => stateList(['queued', "x') OR true --"])).toThrow(/not a state name/);
    expect(() => stateList([''])).toThrow(/not a state name/);
  });
});
