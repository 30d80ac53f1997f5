import { Module } from '@nestjs/common';
import { PlatformEventDelivery } from './platform-event-delivery.js';
import { PlatformEventsRepository } from './platform-events.repository.js';
import { PlatformEventsProcessor } from './platform-events.processor.js';

/** Delivery of platform events to the telephony webhook: the `platform-events` queue's processor. Needs `JobsModule`. */
@Module({
  providers: [PlatformEventsProcessor, PlatformEventDelivery, PlatformEventsRepository],
})
export class TelephonyWebhookWorkerModule {}
