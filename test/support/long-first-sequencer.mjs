import Sequencer from '@jest/test-sequencer';

/**
 * Test files that run for minutes in real time (the live simulator's soak runs, the Erlang check).
 * On a fresh clone Jest has no timings and orders files by size, so these small files went last and
 * ended the run alone on one worker while the other sat idle (CI, 2026-12-07: the webhook soak
 * started at 925 s of 1,116 s).
 */
const LONG = ['simulator-live.e2e-spec.ts', 'simulator-live-webhook.e2e-spec.ts', 'erlang-agreement.spec.ts'];

const isLong = (test) => LONG.some((name) => test.path.endsWith(`/${name}`));

/** Jest's own order (failed first, then by timing or size), with the long files moved to the front. */
export default class LongFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter(isLong), ...sorted.filter((test) => !isLong(test))];
  }
}
