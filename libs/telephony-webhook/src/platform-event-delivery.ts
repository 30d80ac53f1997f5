import { AppConfig } from '@fc/config';
import { JobName, PLATFORM_SIGNATURE_HEADER, jobIdOf, type JobPayloads } from '@fc/contracts';
import { markJobDone } from '@fc/jobs';
import { TransactionRunner } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { PlatformEventsRepository, type UndeliveredPlatformEvent } from './platform-events.repository.js';
import { signPlatformEvent } from './platform-signature.js';

/** How one delivery job went. */
export type DeliveryResult = 'delivered' | 'already_delivered' | 'no_webhook';

/** The webhook did not take an event the job had to deliver; thrown so the job is retried with backoff. */
export class PlatformEventNotDelivered extends Error {
  constructor(callId: string, seq: number, reason: string) {
    super(`platform event ${seq} of call ${callId} not delivered: ${reason}`);
    this.name = 'PlatformEventNotDelivered';
  }
}

/**
 * POSTs a call's platform events to the telephony webhook (DESIGN §11, decision 0032), at least
 * once and in `seq` order. A job for event `seq` sends every undelivered event of its call, oldest
 * first, under the row locks of those events, and stops at the first the receiver does not take:
 * a later event never goes before an earlier one, and two jobs of one call never send side by side.
 */
@Injectable()
export class PlatformEventDelivery {
  private readonly logger = new Logger(PlatformEventDelivery.name);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly events: PlatformEventsRepository,
  ) {}

  /**
   * Delivers event `seq` of `callId` and whatever of its call is still undelivered.
   * @throws PlatformEventNotDelivered when event `seq` (or one before it) was not taken: retry later
   */
  async deliver({ callId, seq }: JobPayloads[typeof JobName.DeliverPlatformEvent], jobId: string): Promise<DeliveryResult> {
    const url = this.config.telephonyWebhookUrl;
    const secret = this.config.telephonyWebhookSecret;
    if (!url || !secret) {
      // Nothing to send to: the replay feed still serves the event, and the job is done.
      await this.transactions.run(({ manager }) => markJobDone(manager, jobId));
      return 'no_webhook';
    }
    const outcome = await this.transactions.run(async ({ manager }) => {
      const undelivered = await this.events.lockUndelivered(manager, callId);
      const delivered: UndeliveredPlatformEvent[] = [];
      let refusal: string | null = null;
      for (const event of undelivered) {
        refusal = await this.post(url, secret, event);
        if (refusal) break;
        delivered.push(event);
      }
      await this.events.markDelivered(
        manager,
        delivered.map((event) => event.id),
      );
      // Each delivered event's own job has nothing left to do, and neither has this one once its event is gone or sent.
      for (const event of delivered) await markJobDone(manager, jobIdOf(JobName.DeliverPlatformEvent, { callId, seq: event.seq }));
      const ownPending = undelivered.some((event) => event.seq === seq);
      const ownSent = delivered.some((event) => event.seq === seq);
      if (!ownPending) await markJobDone(manager, jobId);
      return { ownPending, ownSent, refusal, sent: delivered.length };
    });
    if (outcome.ownPending && !outcome.ownSent) throw new PlatformEventNotDelivered(callId, seq, outcome.refusal ?? 'not sent');
    if (outcome.refusal) this.logger.warn({ callId, reason: outcome.refusal }, 'a later platform event of the call was not delivered; its own job retries it');
    return outcome.ownPending ? 'delivered' : 'already_delivered';
  }

  /** Sends one event; @returns null when the receiver answered 2xx, else why not (a status or the error's name, never the body). */
  private async post(url: string, secret: string, { event }: UndeliveredPlatformEvent): Promise<string | null> {
    const body = JSON.stringify(event);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PLATFORM_SIGNATURE_HEADER]: signPlatformEvent(secret, body, new Date()) },
        body,
        // A redirect is not an answer: the event is sent again, to the configured address.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.telephonyWebhookTimeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300 ? null : `receiver answered ${response.status}`;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return name === 'TimeoutError' ? `no answer within ${this.config.telephonyWebhookTimeoutMs} ms` : `request failed (${name})`;
    }
  }
}
