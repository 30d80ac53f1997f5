import type { SmsPurpose } from '@fc/contracts';
import type { EntityManager } from 'typeorm';

/** A text message to a citizen. */
export interface SmsMessage {
  /** E.164, e.g. +4791234567. */
  to: string;
  body: string;
  purpose: SmsPurpose;
  callId: string;
  /** The same for every attempt at the same message (the feedback id for an invitation); a provider deduplicates by it. */
  idempotencyKey: string;
}

/**
 * Where text messages go. Bind another implementation to this class in `FeedbackWorkerModule` to
 * send through a real provider.
 *
 * `send` runs inside the transaction that decides the message (`manager`), which may still roll
 * back. A gateway that talks to a provider must therefore not call it here: it records the message
 * in that transaction (as {@link OutboxSmsGateway} does) and sends after commit, retrying until the
 * provider accepts it, with `idempotencyKey` so a retry after an unanswered request is not a
 * second text (at-least-once delivery, deduplicated by the provider).
 */
export abstract class SmsGateway {
  abstract send(message: SmsMessage, manager: EntityManager): Promise<void>;
}
