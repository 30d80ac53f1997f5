import { callsPerHourAt, minutesOf, type Scenario, type ScenarioAgent } from '@fc/simulation';
import { parseArgs } from 'node:util';
import { numberOption, withUsage } from '../cli-options.js';
import { UsageError } from '../usage-error.js';

export const LIVE_USAGE = `usage: npm run simulate -- live [options]

Plays the telephony platform and the agents of a scenario against a running api
(start one with: npm start -- --api-only).

  --api <url>             the api (default http://localhost:3000)
  --scenario <file>       scenario JSON (default: the 02800 demo day; see: simulate -- scenario)
  --scale <n>             time scale: n simulated seconds per real second (default 1)
  --start <HH:MM>         simulated time of day at the start (default: the start of the
                          scenario's busiest hour, 11:00 for the demo day)
  --duration <sec>        real seconds of traffic, then drain and stop (default: until
                          Ctrl-C, SIGTERM or the end of the scenario's day)
  --drain <sec>           real seconds calls in hand may take to finish at the end (default 60);
                          callers still waiting then hang up, agents wrap up at once
  --agents <n>            use only the scenario's first n agents (default: all)
  --volume <factor>       multiply the scenario's call volume (default 1)
  --loop                  at the end of the scenario's day skip the night and play the next day
  --seed <int>            random seed (default: the scenario's)
  --telephony-key <key>   the api's TELEPHONY_API_KEY (default dev-telephony-key)
  --platform-events <how> how the platform hears the api's platform events: feed (default: reads
                          GET /api/telephony/events) or webhook (listens on 127.0.0.1:<webhook-port>
                          and checks each request's x-fc-signature with TELEPHONY_WEBHOOK_SECRET from
                          the environment; start the worker with TELEPHONY_WEBHOOK_URL pointing here)
  --webhook-port <port>   the webhook's port on 127.0.0.1 (default 3002)
  --callback-answer-rate <share>
                          the share of callback dials the caller answers, 0 to 1 (default 0.75);
                          the others ring out or are busy, and the api tries again later
  --password <password>   the agents' and the supervisor's password (default demo1234)
  --supervisor <user>     who reads the journeys for the invariant check (default super01)
  --json                  print the final summary as JSON on stdout
  --quiet                 no progress while running, only the summary
  --progress-every <sec>  seconds between progress lines when stderr is not a terminal (default 10)
  --quick-stop            on Ctrl-C or SIGTERM stop at once: no drain, no hang-ups, no check
                          (npm start uses it: the api stops at the same moment)

Server timers (offer expiry, wrap-up timeout, escalation steps, callback retries) run in real
time; the scale shrinks only what the simulator plays: arrival gaps, talk, wrap-up, accept delay,
patience, repeat delay, a callback's ring, shifts and breaks. Exit status: 0, 1 if a routing invariant was broken or the
run failed, 2 for a bad command line.`;

export interface LiveOptions {
  /** Base URL of the api, without a trailing slash. */
  api: string;
  scenarioPath: string | undefined;
  scale: number;
  /** Simulated time of day at the start, in seconds after midnight; undefined: the scenario's busiest hour. */
  startSec: number | undefined;
  durationSec: number | undefined;
  drainSec: number;
  agents: number | undefined;
  volume: number;
  loop: boolean;
  seed: number | undefined;
  telephonyKey: string;
  password: string;
  supervisor: string;
  json: boolean;
  quiet: boolean;
  progressEverySec: number;
  quickStop: boolean;
  /** The share of callback dials the caller answers. */
  callbackAnswerRate: number;
  /** How the platform events reach the simulator: read from the replay feed, or pushed to its webhook. */
  platformEvents: PlatformEventsMode;
  /** The webhook's port on 127.0.0.1 (webhook mode). */
  webhookPort: number;
  /** TELEPHONY_WEBHOOK_SECRET, to check the webhook's signatures; null in feed mode. */
  webhookSecret: string | null;
}

export type PlatformEventsMode = 'feed' | 'webhook';
const PLATFORM_EVENTS_MODES: readonly PlatformEventsMode[] = ['feed', 'webhook'];
/** As the api requires of it (libs/config). */
const WEBHOOK_SECRET_MIN_LENGTH = 32;

/**
 * `live` options from the command line; `help` when asked for the usage. The webhook's secret
 * comes from the environment (`TELEPHONY_WEBHOOK_SECRET`, as the api and worker read it), never
 * from the command line, where any user of the machine could read it.
 */
export function parseLiveOptions(args: string[], env: NodeJS.ProcessEnv = process.env): LiveOptions | 'help' {
  const { values } = withUsage(LIVE_USAGE, () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: 'string' },
        scenario: { type: 'string' },
        scale: { type: 'string' },
        start: { type: 'string' },
        duration: { type: 'string' },
        drain: { type: 'string' },
        agents: { type: 'string' },
        volume: { type: 'string' },
        loop: { type: 'boolean' },
        seed: { type: 'string' },
        'telephony-key': { type: 'string' },
        password: { type: 'string' },
        supervisor: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'progress-every': { type: 'string' },
        'quick-stop': { type: 'boolean' },
        'platform-events': { type: 'string' },
        'webhook-port': { type: 'string' },
        'callback-answer-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) return 'help';
  const platformEvents = platformEventsOption(values['platform-events'] ?? 'feed');
  return {
    api: apiUrl(values.api ?? 'http://localhost:3000'),
    scenarioPath: values.scenario,
    scale: numberOption(values.scale, 'scale', { min: 0.1, max: 1000 }, 1),
    startSec: values.start === undefined ? undefined : clockOption(values.start, 'start'),
    durationSec: values.duration === undefined ? undefined : numberOption(values.duration, 'duration', { min: 1, max: 30 * 86_400 }),
    drainSec: numberOption(values.drain, 'drain', { min: 0, max: 3600 }, 60),
    agents: values.agents === undefined ? undefined : numberOption(values.agents, 'agents', { min: 1, max: 100_000, integer: true }),
    volume: numberOption(values.volume, 'volume', { min: 0.01, max: 100 }, 1),
    loop: values.loop ?? false,
    seed: values.seed === undefined ? undefined : numberOption(values.seed, 'seed', { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true }),
    telephonyKey: nonEmpty(values['telephony-key'] ?? 'dev-telephony-key', 'telephony-key'),
    password: nonEmpty(values.password ?? 'demo1234', 'password'),
    supervisor: nonEmpty(values.supervisor ?? 'super01', 'supervisor'),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    progressEverySec: numberOption(values['progress-every'], 'progress-every', { min: 1, max: 3600 }, 10),
    quickStop: values['quick-stop'] ?? false,
    callbackAnswerRate: numberOption(values['callback-answer-rate'], 'callback-answer-rate', { min: 0, max: 1 }, 0.75),
    platformEvents,
    webhookPort: numberOption(values['webhook-port'], 'webhook-port', { min: 1, max: 65_535, integer: true }, 3002),
    webhookSecret: platformEvents === 'webhook' ? webhookSecret(env.TELEPHONY_WEBHOOK_SECRET) : null,
  };
}

function platformEventsOption(value: string): PlatformEventsMode {
  if (!(PLATFORM_EVENTS_MODES as readonly string[]).includes(value)) throw new UsageError(`--platform-events must be feed or webhook, not "${value}"`);
  return value as PlatformEventsMode;
}

function webhookSecret(value: string | undefined): string {
  if (value === undefined || value.length < WEBHOOK_SECRET_MIN_LENGTH) {
    throw new UsageError(
      `--platform-events webhook needs TELEPHONY_WEBHOOK_SECRET in the environment, the api's (at least ${WEBHOOK_SECRET_MIN_LENGTH} characters), to check the webhook's signatures`,
    );
  }
  return value;
}

function clockOption(value: string, name: string): number {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new UsageError(`--${name} must be a time of day HH:MM (00:00 to 23:59), not "${value}"`);
  return minutesOf(value) * 60;
}

function apiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api must be a URL such as http://localhost:3000, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--api must be an http or https URL, not "${value}"`);
  if (url.search || url.hash) throw new UsageError(`--api must be the api's base URL, without a query or fragment: "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

function nonEmpty(value: string, name: string): string {
  if (value === '') throw new UsageError(`--${name} must not be empty`);
  return value;
}

/** What a run plays, once the options meet the scenario. */
export interface LivePlan {
  startSec: number;
  agents: ScenarioAgent[];
  seed: number;
}

/** Checks the options against the scenario and settles the defaults that depend on it. */
export function planLiveRun(options: LiveOptions, scenario: Scenario): LivePlan {
  const dayStart = minutesOf(scenario.day.start) * 60;
  const dayEnd = minutesOf(scenario.day.end) * 60;
  const startSec = options.startSec ?? busiestHourStart(scenario);
  if (startSec < dayStart || startSec >= dayEnd) {
    throw new UsageError(`--start must be within the scenario's day, ${scenario.day.start} to ${scenario.day.end}: calls arrive only then`);
  }
  if (options.agents !== undefined && options.agents > scenario.agents.length) {
    throw new UsageError(`--agents ${options.agents}: the scenario has only ${scenario.agents.length} agents`);
  }
  return { startSec, agents: scenario.agents.slice(0, options.agents ?? scenario.agents.length), seed: options.seed ?? scenario.seed };
}

/**
 * The start of the hour with the most calls in the scenario's day (the first such hour on a tie),
 * so a run shows a busy floor at once. The demo day: 11:00, 360 calls an hour, all four teams on
 * shift and the first team's lunch starting.
 */
export function busiestHourStart(scenario: Scenario): number {
  const dayStart = minutesOf(scenario.day.start) * 60;
  const dayEnd = minutesOf(scenario.day.end) * 60;
  let best = { sec: dayStart, calls: -1 };
  for (let hour = Math.floor(dayStart / 3600); hour * 3600 < dayEnd; hour++) {
    const calls = scenario.topics.reduce((sum, topic) => sum + callsPerHourAt(topic, hour), 0);
    if (calls > best.calls) best = { sec: Math.max(hour * 3600, dayStart), calls };
  }
  return best.sec;
}
