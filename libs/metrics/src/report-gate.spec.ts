import { describe, expect, it } from '@jest/globals';
import { ReportAbandonedError, ReportGate } from './report-gate.js';

describe('ReportGate', () => {
  it('runs one report at a time, refuses past its queue, and drops a waiting report whose client has gone', async () => {
    const gate = new ReportGate(1, 1);
    let finish!: () => void;
    const first = gate.run(() => new Promise<string>((resolve) => (finish = () => resolve('first'))));
    const gone = new AbortController();
    let secondRan = false;
    const second = gate.run(async () => {
      secondRan = true;
      return 'second';
    }, gone.signal);
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    await expect(gate.run(async () => 'third')).rejects.toMatchObject({ status: 503 });
    gone.abort();
    await expect(second).rejects.toBeInstanceOf(ReportAbandonedError);
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    finish();
    await expect(first).resolves.toBe('first');
    expect(secondRan).toBe(false);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
