import { AppConfig } from '@fc/config';
import { AgentState, type AgentChangedEvent } from '@fc/contracts';
import { OnDomainEvent, RoutingActions } from '@fc/journey';
import { InjectRedis } from '@fc/redis';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LiveFloor } from './live-floor.js';
import { agentIdOfRoom, agentRoom } from './realtime-rooms.js';
import type { AgentNamespace } from './realtime-sockets.js';

/**
 * Agents whose console some api process has vouched for, each scored with the last time one did
 * (the Redis server's clock in ms, so the processes' own clocks never disagree about it).
 */
const SEEN_KEY = 'console:seen';
/** Vouches at most this many agents per script call (Lua's `unpack` has a stack limit). */
const VOUCH_CHUNK = 1000;
/** A check after a disconnect runs this long after the grace, so the grace has surely passed by Redis's clock too. */
const CHECK_MARGIN_MS = 250;

const NOW_MS = `local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
/** Scores the agents in ARGV with the time now; a score only ever grows (ZADD GT). */
const VOUCH_SCRIPT = `${NOW_MS}
  local args = {}
  for i = 1, #ARGV do
    args[#args + 1] = string.format('%d', now)
    args[#args + 1] = ARGV[i]
  end
  return redis.call('ZADD', KEYS[1], 'GT', unpack(args))`;
/** Agents not vouched for in the last ARGV[1] ms: all of them, or those among ARGV[2..]. */
const UNSEEN_SCRIPT = `${NOW_MS}
  local before = now - tonumber(ARGV[1])
  if #ARGV == 1 then return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', before)) end
  local unseen = {}
  for i = 2, #ARGV do
    local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
    if score and tonumber(score) <= before then unseen[#unseen + 1] = ARGV[i] end
  end
  return unseen`;
/** Stops watching the agents among ARGV[2..] that are still unseen for ARGV[1] ms (one who came back stays). */
const FORGET_SCRIPT = `${NOW_MS}
  local before = now - tonumber(ARGV[1])
  local removed = 0
  for i = 2, #ARGV do
    local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
    if score and tonumber(score) <= before then removed = removed + redis.call('ZREM', KEYS[1], ARGV[i]) end
  end
  return removed`;

/**
 * Whether each agent's console is still there, across every api process (decision 0023). An agent
 * who had an `/agent` socket and has had none, on any process, for `CONSOLE_LOST_GRACE_SEC` is
 * handed to {@link RoutingActions.consoleLost}: taken off the phones, their offer back in the queue.
 *
 * - Each process vouches in Redis, several times per grace, for the agents whose sockets it holds;
 *   a process that dies stops vouching, so its consoles fall silent without any handler running.
 * - A disconnect that leaves the agent no socket here schedules a check after the grace, here.
 * - Every beat, every process looks for agents nobody has vouched for within the grace (a dead
 *   process's, or those whose check died with its process) and takes off the available or reserved.
 * - Before acting, every process is asked for the agents' sockets through the socket.io adapter
 *   (`fetchSockets`), so a process that was only slow to vouch does not lose its agents.
 * - An agent who becomes available through this process (wrap-up timed out, a REST call) while
 *   their console is gone is taken off at once.
 * Agents who never opened a socket (REST clients) are never in the set, so never affected.
 */
@Injectable()
export class ConsolePresence implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsolePresence.name);
  private readonly graceMs: number;
  /** Several beats fit in the grace, so a console that is there is never taken for gone between two. */
  private readonly beatMs: number;
  private namespace: AgentNamespace | null = null;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | null = null;
  private readonly checks = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The agents nobody had vouched for within the grace at the last beat: those {@link agentChanged} asks Redis about. */
  private unseenAtBeat = new Set<string>();
  private stopped = false;

  constructor(
    config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    private readonly routingActions: RoutingActions,
    private readonly floor: LiveFloor,
  ) {
    this.graceMs = config.consoleLostGraceSec * 1000;
    this.beatMs = Math.max(100, Math.min(1000, Math.floor(this.graceMs / 4)));
  }

  /** The `/agent` namespace whose sockets this process vouches for; set by the gateway once it exists. */
  attach(namespace: AgentNamespace): void {
    this.namespace = namespace;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.beating ??= this.beat()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'console presence beat failed'))
        .finally(() => (this.beating = null));
    }, this.beatMs);
    this.timer.unref();
  }

  /** Before Redis and the database close; the sockets' own disconnects during shutdown are not a lost console. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const check of this.checks.values()) clearTimeout(check);
    this.checks.clear();
    await this.beating;
    await Promise.all(this.inFlight);
  }

  /** A socket of the agent connected to this process: their console is there. */
  connected(agentId: string): void {
    if (this.stopped) return;
    clearTimeout(this.checks.get(agentId));
    this.checks.delete(agentId);
    this.track(this.vouch([agentId]));
  }

  /** A socket of the agent left this process; if it was their last one here, look again after the grace. */
  disconnected(agentId: string): void {
    if (this.stopped || this.hasSocketHere(agentId)) return;
    // The console was there until now: the grace counts from this moment, not from the last beat.
    this.track(this.vouch([agentId]));
    clearTimeout(this.checks.get(agentId));
    const check = setTimeout(() => {
      this.checks.delete(agentId);
      this.track(this.settle([agentId]));
    }, this.graceMs + CHECK_MARGIN_MS);
    check.unref();
    this.checks.set(agentId, check);
  }

  /**
   * An agent this process made available whose console was already gone at the last beat (on a
   * call or in wrap-up then, so left alone) must not wait for the next beat to be taken off.
   * Redis is asked about them only: an agent with a socket here has a console, and one whose
   * console was seen at the last beat and has gone since is taken off by the next beat, as if
   * they had been available all along. So finishing a call costs no Redis call on any process.
   */
  @OnDomainEvent('agent.changed')
  agentChanged(event: AgentChangedEvent): void {
    if (event.state === AgentState.Available && !this.stopped && this.unseenAtBeat.has(event.agentId) && !this.hasSocketHere(event.agentId)) this.track(this.settle([event.agentId]));
  }

  /** Vouches for this process's consoles, then takes off the agents whose console is gone everywhere. */
  private async beat(): Promise<void> {
    const here = this.agentsWithSocketsHere();
    for (let i = 0; i < here.length; i += VOUCH_CHUNK) await this.vouch(here.slice(i, i + VOUCH_CHUNK));
    // Until the floor is loaded this process cannot tell who is available; the others sweep meanwhile.
    if (!this.floor.isReady) return;
    const unseen = await this.unseen([]);
    this.unseenAtBeat = new Set(unseen);
    const takeOff: string[] = [];
    const forget: string[] = [];
    for (const agentId of unseen) {
      if (this.hasSocketHere(agentId)) continue;
      const state = this.floor.agent(agentId)?.state;
      if (state === AgentState.Available || state === AgentState.Reserved) takeOff.push(agentId);
      else if (state === undefined || state === AgentState.Offline) forget.push(agentId);
      // On a break, a call or in wrap-up: still watched, and taken off if they become available without a console.
    }
    if (forget.length > 0) await this.redis.eval(FORGET_SCRIPT, 1, SEEN_KEY, String(this.graceMs), ...forget);
    if (takeOff.length > 0) await this.takeOff(takeOff);
  }

  /** Takes off those of `agentIds` whose console nobody has vouched for within the grace. */
  private async settle(agentIds: string[]): Promise<void> {
    if (this.stopped) return;
    const unseen = (await this.unseen(agentIds)).filter((agentId) => !this.hasSocketHere(agentId));
    if (unseen.length > 0) await this.takeOff(unseen);
  }

  private async takeOff(agentIds: string[]): Promise<void> {
    if (!this.namespace) return;
    const present = await this.withSocketsAnywhere(agentIds);
    if (present.size > 0) await this.vouch([...present]);
    for (const agentId of agentIds) {
      if (present.has(agentId) || this.stopped) continue;
      if (await this.routingActions.consoleLost(agentId)) this.logger.log({ agentId, graceSec: this.graceMs / 1000 }, 'console lost: agent taken off the phones');
    }
  }

  /**
   * Which of `agentIds` have an `/agent` socket on any api process now, asked of every process
   * through the socket.io adapter. A process that does not answer in the adapter's time is not
   * serving its sockets either, so then the heartbeats' evidence stands.
   */
  private async withSocketsAnywhere(agentIds: string[]): Promise<Set<string>> {
    try {
      const sockets = await this.namespace!.in(agentIds.map(agentRoom)).fetchSockets();
      return new Set(sockets.map((socket) => socket.data.agentId).filter((agentId): agentId is string => !!agentId));
    } catch (error) {
      this.logger.warn({ err: error }, 'console presence: not every api process answered; going by the heartbeats');
      return new Set();
    }
  }

  private async vouch(agentIds: string[]): Promise<void> {
    if (agentIds.length > 0) await this.redis.eval(VOUCH_SCRIPT, 1, SEEN_KEY, ...agentIds);
  }

  private async unseen(among: string[]): Promise<string[]> {
    return (await this.redis.eval(UNSEEN_SCRIPT, 1, SEEN_KEY, String(this.graceMs), ...among)) as string[];
  }

  private agentsWithSocketsHere(): string[] {
    const agentIds: string[] = [];
    for (const [room, sockets] of this.namespace?.adapter.rooms ?? []) {
      const agentId = agentIdOfRoom(room);
      if (agentId && sockets.size > 0) agentIds.push(agentId);
    }
    return agentIds;
  }

  private hasSocketHere(agentId: string): boolean {
    return (this.namespace?.adapter.rooms.get(agentRoom(agentId))?.size ?? 0) > 0;
  }

  /** Runs `work` on its own, logging a failure; shutdown waits for it. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.warn({ err: error }, 'console presence check failed')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
