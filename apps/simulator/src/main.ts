// `npm run simulate -- <command>`: the simulator's command line (DESIGN §9).
import { ScenarioError } from '@fc/simulation';
import { UsageError } from './usage-error.js';

const USAGE = `usage: npm run simulate -- <command> [options]

  live       play the telephony platform and agent bots against a running api
  offline    run a scenario on a virtual clock and print its figures
             (--erlang: the single-topic M/M/N case, to hold against Erlang C)
  plan       skill-based routing against plain FIFO (and a what-if), as Markdown and a chart
  scenario   print the 02800 demo scenario as JSON, to edit and pass back with --scenario

  npm run simulate -- <command> --help   shows the command's options`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  live: async () => (await import('./live/live-command.js')).runLive,
  offline: async () => (await import('./offline-command.js')).runOffline,
  plan: async () => (await import('./plan-command.js')).runPlan,
  scenario: async () => (await import('./scenario-command.js')).runScenario,
};

const [name, ...args] = process.argv.slice(2);
const load = name ? COMMANDS[name] : undefined;
if (!load) {
  process.stderr.write(`${name && name !== '--help' ? `unknown command: ${name}\n\n` : ''}${USAGE}\n`);
  process.exit(name === '--help' ? 0 : 2);
}
try {
  process.exitCode = await (await load())(args);
  // A command that has finished has finished: a socket still reconnecting to an api that went away,
  // or a caller's timer, must not keep the process (and `npm start`'s terminal) alive.
  setTimeout(() => process.exit(), 1000).unref();
} catch (error) {
  if (error instanceof UsageError || error instanceof ScenarioError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
