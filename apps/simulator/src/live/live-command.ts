import { loadScenario } from '../scenario-file.js';
import { LiveRunError } from './live-api.js';
import { LIVE_USAGE, parseLiveOptions, planLiveRun } from './live-options.js';
import { LiveRun } from './live-run.js';
import { renderSummary } from './live-summary.js';

/**
 * `npm run simulate -- live`: plays a scenario against a running api. Progress goes to stderr, the
 * summary to stdout (as JSON with --json, the human summary then on stderr). Exit status 0, or 1
 * when a routing invariant was broken or the run could not go on.
 */
export async function runLive(args: string[]): Promise<number> {
  const options = parseLiveOptions(args);
  if (options === 'help') {
    process.stdout.write(`${LIVE_USAGE}\n`);
    return 0;
  }
  const scenario = await loadScenario(options.scenarioPath);
  const plan = planLiveRun(options, scenario);
  const run = new LiveRun(options, scenario, plan, process.stderr);

  // Ctrl-C or SIGTERM ends the traffic and lets the run drain and check; a second one exits at once.
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    run.stop('signal');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await run.run();
    const text = renderSummary(summary);
    if (options.json) {
      process.stderr.write(text);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else process.stdout.write(text);
    return summary.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof LiveRunError)) throw error;
    run.abort();
    process.stderr.write(`live run failed: ${error.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
