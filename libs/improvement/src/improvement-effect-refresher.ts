import { AppConfig } from '@fc/config';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ImprovementEffects } from './improvement-effects.js';

/** Actions measured per turn; the rest follow on the next. */
const PER_TURN = 10;

/**
 * Keeps done improvement actions' effects measured without anyone asking, every
 * `EFFECT_REFRESH_SEC`: the list by effect and the public page read what is kept. Runs in every api
 * process; one at a time takes the turn (decision 0038).
 */
@Injectable()
export class ImprovementEffectRefresher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ImprovementEffectRefresher.name);
  private timer: NodeJS.Timeout | undefined;
  private turn: Promise<void> | null = null;

  constructor(
    private readonly effects: ImprovementEffects,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), this.config.effectRefreshSec * 1000);
    this.timer.unref();
  }

  /** Stops and lets a turn in hand finish, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.turn;
  }

  /** One turn; overlapping turns are skipped. */
  refresh(): Promise<void> {
    this.turn ??= this.runTurn().finally(() => (this.turn = null));
    return this.turn;
  }

  private async runTurn(): Promise<void> {
    try {
      const measured = await this.effects.refreshStale(PER_TURN);
      if (measured) this.logger.log({ measured }, 'effects of improvement actions measured');
    } catch (error) {
      this.logger.error({ err: error }, 'measuring the effects of improvement actions failed');
    }
  }
}
