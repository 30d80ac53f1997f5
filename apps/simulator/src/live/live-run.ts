import type { PlatformEvent } from '@fc/contracts';
import { seededRandom } from '@fc/domain';
import type { Scenario } from '@fc/simulation';
import { randomBytes } from 'node:crypto';
import { AgentBot, type BotCounters } from './agent-bot.js';
import { CallBook } from './call-book.js';
import { DutyRoster } from './duty-roster.js';
import { checkJourneys } from './journey-check.js';
import { LiveApi, LiveRunError } from './live-api.js';
import { LiveDashboard } from './live-dashboard.js';
import { PlatformFeed } from './platform-feed.js';
import { PlatformWebhook, PlatformWebhookListenError } from '@fc/platform-receiver';
import { computeFigures, type LiveFigures } from './live-figures.js';
import type { LiveOptions, LivePlan } from './live-options.js';
import type { LiveSummary, StopReason } from './live-summary.js';
import { formatSimulatedTime, SimulatedClock } from './simulated-clock.js';
import { sleep } from './sleep.js';
import { TelephonyPlayer } from './telephony-player.js';

/** Sign-ins at once: each costs the api an argon2 verification. */
const SIGN_IN_CONCURRENCY = 4;
const TICK_MS = 250;
/** After the drain, how long callers get hung up and calls in hand hurried before the check. */
const CLOSE_MS = 30_000;

/**
 * One live run: the telephony player and the agent bots against a running api, on one simulated
 * clock, until the duration, a signal or the end of the scenario's day; then arrivals stop, calls in
 * hand finish (bounded), callers still waiting hang up, agents log off, and the run's calls are
 * read back through the api and checked against the routing invariants.
 */
export class LiveRun {
  private readonly api: LiveApi;
  private readonly book = new CallBook();
  private readonly clock: SimulatedClock;
  private readonly player: TelephonyPlayer;
  /** The api's platform events, read as a platform that pulls does or received as one with a webhook does, for the player to act on. */
  private readonly feed: PlatformFeed | PlatformWebhook;
  private readonly bots: AgentBot[];
  private readonly counters: BotCounters = { transfers: 0, declines: 0 };
  private readonly dashboard: LiveDashboard | null;
  /** Ends the traffic: why, or the error that made the run fail. */
  private stopWith: (reason: StopReason | Error) => void = () => undefined;
  private readonly stopped: Promise<StopReason | Error>;
  private trafficEndedSec = 0;
  /** Traffic has ended: agents still to sign in stay out. */
  private closing = false;

  constructor(
    private readonly options: LiveOptions,
    private readonly scenario: Scenario,
    private readonly plan: LivePlan,
    private readonly progress: NodeJS.WriteStream,
  ) {
    this.api = new LiveApi(options.api, options.telephonyKey);
    this.clock = new SimulatedClock(plan.startSec, options.scale);
    this.stopped = new Promise((resolve) => (this.stopWith = resolve));
    // Arrivals have their own random stream, so a seed replays the same callers whatever the timing.
    this.player = new TelephonyPlayer(this.api, this.book, scenario, this.clock, {
      runId: `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
      volume: options.volume,
      loop: options.loop,
      random: seededRandom(plan.seed),
      callerRandom: seededRandom(plan.seed + 1),
      numberOffset: randomBytes(4).readUInt32BE() % 10_000_000,
      callbackAnswerRate: options.callbackAnswerRate,
    });
    const heard = (event: PlatformEvent) => this.player.heard(event);
    this.feed = options.platformEvents === 'webhook' ? new PlatformWebhook(options.webhookPort, options.webhookSecret!, heard) : new PlatformFeed(this.api, heard);
    const shifts = new Map(scenario.groups.map((group) => [group.name, group.shift]));
    const context = { api: this.api, book: this.book, scenario, clock: this.clock, password: options.password, counters: this.counters };
    this.bots = plan.agents.map((agent, i) => new AgentBot(agent, new DutyRoster(shifts.get(agent.group)!, plan.startSec), seededRandom(plan.seed + 1000 + i), context));
    this.dashboard = options.quiet
      ? null
      : new LiveDashboard(
          { scenario: scenario.name, api: options.api, scale: options.scale, agents: this.bots.length, durationSec: options.durationSec },
          () => this.figures(),
          progress,
          options.progressEverySec,
        );
  }

  /** Ends the traffic (Ctrl-C, SIGTERM): the run drains and checks, unless it stops at once. */
  stop(reason: StopReason): void {
    this.stopWith(reason);
  }

  figures(): LiveFigures {
    return computeFigures({
      calls: this.book.all(),
      scale: this.options.scale,
      simulatedSec: this.clock.nowSec(),
      realSec: this.clock.elapsedRealSec(),
      agentStates: this.bots.map((bot) => ({ state: bot.state, reason: bot.stateReason })),
      transfers: this.counters.transfers,
      declines: this.counters.declines,
      requests: this.api.counts,
    });
  }

  async run(): Promise<LiveSummary> {
    const startedMs = Date.now();
    if (!(await this.api.ready())) {
      throw new LiveRunError(`no api is ready at ${this.options.api} (GET /health/ready): start one with "npm start -- --api-only", or pass --api`);
    }
    // Fail before any traffic if the check could not read the calls afterwards.
    await this.api.login(this.options.supervisor, this.options.password);
    this.note(`signing in ${this.bots.length} agents at ${this.options.api} …`);
    // The floor opens with the first agents; the others sign in (an argon2 check each) while the first calls come.
    await this.signIn(this.bots.slice(0, SIGN_IN_CONCURRENCY));
    void this.signIn(this.bots.slice(SIGN_IN_CONCURRENCY)).catch((error: unknown) => this.stopWith(error instanceof Error ? error : new Error(String(error))));

    await this.feed.start().catch((error: unknown) => {
      throw error instanceof PlatformWebhookListenError ? new LiveRunError(`${error.message}: pass another --webhook-port`) : error;
    });
    this.clock.start();
    const fromSec = this.clock.nowSec();
    this.player.start();
    const ticker = setInterval(() => this.bots.forEach((bot) => bot.tick()), TICK_MS);
    this.bots.forEach((bot) => bot.tick());
    this.dashboard?.start();
    const duration = this.options.durationSec === undefined ? undefined : setTimeout(() => this.stop('duration'), this.options.durationSec * 1000);
    // The day is over when its last caller is done, or when every agent has gone home (callers still waiting then hang up).
    const dayWatch = setInterval(() => {
      if (this.player.dayOver && this.player.idle && (this.book.open().length === 0 || this.bots.every((bot) => bot.offDuty))) this.stop('day over');
    }, 1000);

    const reason = await this.stopped;
    this.closing = true;
    clearTimeout(duration);
    clearInterval(dayWatch);
    if (reason instanceof Error) {
      clearInterval(ticker);
      throw reason;
    }
    this.trafficEndedSec = this.clock.elapsedRealSec();
    const closeStartedMs = Date.now();

    if (this.options.quickStop && reason === 'signal') {
      // The api is stopping at the same moment (npm start): leave the calls to it; the next run's bots finish theirs.
      clearInterval(ticker);
      this.player.close();
      await this.feed.stop();
      this.bots.forEach((bot) => bot.close());
      this.dashboard?.stop();
      return this.summary(reason, fromSec, startedMs, closeStartedMs, null);
    }

    this.player.stopArrivals();
    this.setPhase('draining');
    const drainUntil = Date.now() + this.options.drainSec * 1000;
    while (this.book.open().length > 0 && Date.now() < drainUntil) await sleep(250);

    this.setPhase('closing');
    this.bots.forEach((bot) => bot.hurryUp());
    const closeUntil = Date.now() + CLOSE_MS;
    while (Date.now() < closeUntil) {
      await this.player.hangUpWaiting();
      if (this.book.open().length === 0) break;
      await sleep(250);
    }
    await Promise.all(this.bots.map((bot) => bot.settled(10_000)));
    // A callback the api made of one of the run's calls on its own (a long abandon's) is heard of only when first offered, perhaps just now.
    await this.player.hangUpWaiting();
    clearInterval(ticker);
    await Promise.all(this.bots.map((bot) => bot.logOff()));
    this.player.close();
    await this.feed.stop();

    this.setPhase('checking journeys');
    const supervisor = await this.api.login(this.options.supervisor, this.options.password);
    const check = await checkJourneys(
      this.api,
      supervisor.accessToken,
      this.book.all().map((call) => call.callId),
    );
    this.dashboard?.stop();
    return this.summary(reason, fromSec, startedMs, closeStartedMs, check);
  }

  /** Signs agents in a few at a time and opens their sockets. */
  private async signIn(bots: AgentBot[]): Promise<void> {
    for (let i = 0; i < bots.length && !this.closing; i += SIGN_IN_CONCURRENCY) {
      const batch = bots.slice(i, i + SIGN_IN_CONCURRENCY);
      await Promise.all(
        batch.map(async (bot) => {
          await bot.signIn();
          await bot.connect();
          bot.tick();
        }),
      );
    }
  }

  /** Closes sockets and timers after a failed run, so the process can exit. */
  abort(): void {
    this.closing = true;
    this.player.close();
    void this.feed.stop();
    this.bots.forEach((bot) => bot.close());
    this.dashboard?.stop();
  }

  private summary(reason: StopReason, fromSec: number, startedMs: number, closeStartedMs: number, check: LiveSummary['invariants']): LiveSummary {
    const f = this.figures();
    return {
      scenario: this.scenario.name,
      api: this.options.api,
      scale: this.options.scale,
      volume: this.options.volume,
      seed: this.plan.seed,
      agents: this.bots.length,
      simulated: { from: formatSimulatedTime(fromSec), to: formatSimulatedTime(f.simulatedSec) },
      realSec: { traffic: round(this.trafficEndedSec), drain: round((Date.now() - closeStartedMs) / 1000), total: round((Date.now() - startedMs) / 1000) },
      stoppedBy: reason,
      calls: f.calls,
      serviceLevel: f.serviceLevel,
      asaSec: f.asaSec === null ? null : round(f.asaSec),
      asaRealSec: f.asaRealSec === null ? null : round(f.asaRealSec),
      fcr: f.fcr,
      requests: f.requests,
      waitEstimates: this.player.estimates.summary(),
      platformEvents: { mode: this.options.platformEvents, refused: 0, ...this.feed.counts },
      callbackDials: { ...this.player.dials },
      invariants: check,
      ok: check === null || check.ok,
    };
  }

  private setPhase(phase: string): void {
    if (this.dashboard) this.dashboard.phase = phase;
  }

  private note(message: string): void {
    if (!this.options.quiet) this.progress.write(`${message}\n`);
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
