import { AppConfig } from '@fc/config';
import { JobName, QueueName } from '@fc/contracts';
import { QueueProcessor, platformDeliveryDelayMs, type JobHandlers } from '@fc/jobs';
import { Injectable } from '@nestjs/common';
import type { BackoffStrategy } from 'bullmq';
import { PlatformEventDelivery } from './platform-event-delivery.js';

/**
 * The `platform-events` queue: delivering platform events to the telephony webhook. A failed
 * delivery waits `TELEPHONY_WEBHOOK_RETRY_BASE_MS`, then twice as long each time up to 10 minutes,
 * for more than a day; then it fails for good and stays on the job dashboard.
 */
@Injectable()
export class PlatformEventsProcessor extends QueueProcessor<typeof QueueName.PlatformEvents> {
  protected readonly queue = QueueName.PlatformEvents;
  protected readonly handlers: JobHandlers<typeof QueueName.PlatformEvents> = {
    [JobName.DeliverPlatformEvent]: async (payload, job) => ({ result: await this.delivery.deliver(payload, job.id!) }),
  };
  protected override readonly backoffStrategy: BackoffStrategy = (attemptsMade) => platformDeliveryDelayMs(attemptsMade, this.config.telephonyWebhookRetryBaseMs);

  constructor(
    config: AppConfig,
    private readonly delivery: PlatformEventDelivery,
  ) {
    super(config);
  }
}
