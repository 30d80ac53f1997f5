import type { DomainEventMap, DomainEventName, PendingDomainEvent } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

/** Typed front of the in-process event emitter: what publishes the events of `DomainEventMap`. */
@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  publish(events: readonly PendingDomainEvent[]): void {
    for (const event of events) this.emitter.emit(event.name, event.payload);
  }
}

/**
 * Listens for one domain event: `@OnEvent(name)` whose method must take that event's payload, so
 * a listener cannot name an event that does not exist or expect another one's fields.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<(event: DomainEventMap[K]) => unknown>): void => {
    OnEvent(name)(target, key, descriptor);
  };
}
