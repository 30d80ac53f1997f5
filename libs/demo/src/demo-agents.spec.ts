import { describe, expect, it } from '@jest/globals';
import { demoAgents } from './demo-agents.js';

describe('the demo floor', () => {
  it("gives every agent a name of their own, so the supervisor's wall never shows two of the same", () => {
    const names = demoAgents().map((agent) => agent.displayName);
    expect(names).toHaveLength(40);
    expect(new Set(names).size).toBe(names.length);
  });
});
