import { AppConfig } from '@fc/config';
import { CallbackActions, RoutingActions } from '@fc/journey';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CallRouter } from './call-router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';

/** Scheduled callbacks put back in the queue per tick; the rest follow on the next. */
const MAX_DUE_CALLBACKS = 200;

/**
 * The periodic safety net of routing: expires offers and wrap-ups that ran out of time and runs a
 * round even when no event asked for one (e.g. after a process restart). Safe in every api
 * process at once: each change re-checks its rows under lock.
 */
@Injectable()
export class RoutingTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RoutingTicker.name);
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly routingActions: RoutingActions,
    private readonly callbacks: CallbackActions,
    private readonly router: CallRouter,
    private readonly candidates: RoutingCandidatesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.routingTickMs);
    this.timer.unref();
  }

  /** Stops ticking and lets a tick in hand finish, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** One tick; overlapping ticks are skipped. */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    try {
      const { offers, wrapUps, dials } = await this.candidates.findOverdue(this.dataSource.manager, this.config.wrapUpTimeoutSec, this.config.callbackDialTimeoutSec);
      for (const callId of offers) await this.routingActions.expireOffer(callId);
      for (const callId of wrapUps) await this.routingActions.timeOutWrapUp(callId);
      for (const callId of dials) await this.callbacks.timeOutDial(callId);
      // Callbacks whose next try is due join the queue before the round that may offer them.
      await this.callbacks.queueDue(MAX_DUE_CALLBACKS);
      await this.router.requestRound();
      // After the round: callers it offered are no longer in line, and the rest moved up. (After
      // it only when this process ran it: another process's round may still be offering.)
      await this.routingActions.announcePlaces();
    } catch (error) {
      this.logger.error({ err: error }, 'routing tick failed');
    }
  }
}
