import { AppConfig } from '@fc/config';
import { assignLongestIdle } from '@fc/domain';
import { JourneyService } from '@fc/journey';
import { Injectable, Logger } from '@nestjs/common';
import { CallRouter } from './call-router.js';
import { RoutingCandidatesRepository } from './routing-candidates.repository.js';

/** One routing round at a time across every api process: rounds queue on this advisory lock. */
export const ROUTING_ROUND_LOCK = 0x02800;

/**
 * The first routing step: each waiting call, most urgent first, is offered to the longest-idle
 * available agent with the topic's skill and the call's language. A round runs in one transaction
 * holding {@link ROUTING_ROUND_LOCK}, and every offer re-checks both rows under their row locks,
 * so two rounds, or a round and an agent going on break, can never give one agent two calls.
 */
@Injectable()
export class LongestIdleRouter extends CallRouter {
  private readonly logger = new Logger(LongestIdleRouter.name);
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly journey: JourneyService,
    private readonly candidates: RoutingCandidatesRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  requestRound(): Promise<void> {
    if (!this.current) {
      this.current = this.runRound().finally(() => (this.current = null));
      return this.current;
    }
    // A round is running and may have read before the caller's change: share one follow-up round.
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.requestRound();
    });
    return this.next;
  }

  private async runRound(): Promise<void> {
    try {
      const offered = await this.journey.run(async (tx) => {
        await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_ROUND_LOCK]);
        const calls = await this.candidates.findWaitingCalls(tx.manager);
        if (calls.length === 0) return 0;
        const agents = await this.candidates.findAvailableAgents(tx.manager);
        if (agents.length === 0) return 0;
        const expiresAt = new Date(Date.now() + this.config.offerTimeoutSec * 1000);
        let count = 0;
        for (const { callId, agentId } of assignLongestIdle(calls, agents)) {
          if (await this.journey.offerWithin(tx, callId, agentId, expiresAt)) count++;
        }
        return count;
      });
      if (offered > 0) this.logger.debug({ offered }, 'routing round offered calls');
    } catch (error) {
      // The periodic tick runs another round; a failed round must not take the process down.
      this.logger.error({ err: error }, 'routing round failed');
    }
  }
}
