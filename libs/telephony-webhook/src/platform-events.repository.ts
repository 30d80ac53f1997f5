import type { PlatformEvent } from '@fc/contracts';
import { PLATFORM_EVENT_COLUMNS, toPlatformEvent, type PlatformEventRow } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A platform event not yet answered 2xx by the webhook, as it is sent. */
export interface UndeliveredPlatformEvent {
  id: string;
  seq: number;
  event: PlatformEvent;
}

/** The reads and writes of platform events' delivery; each takes the delivery's transaction. */
@Injectable()
export class PlatformEventsRepository {
  /**
   * A call's undelivered events in `seq` order, locked until the transaction ends: a second
   * delivery of the same call waits here, then finds what the first one left undelivered.
   * `call.dial` carries the caller's number, read from `caller_numbers` now (none is stored with
   * the event); null when retention has purged it.
   */
  async lockUndelivered(manager: EntityManager, callId: string): Promise<UndeliveredPlatformEvent[]> {
    const rows: PlatformEventRow[] = await manager.query(
      `SELECT ${PLATFORM_EVENT_COLUMNS} FROM platform_events e
        WHERE e.call_id = $1 AND e.delivered_at IS NULL
        ORDER BY e.seq
          FOR UPDATE OF e`,
      [callId],
    );
    return rows.map((row) => ({ id: row.id, seq: row.seq, event: toPlatformEvent(row) }));
  }

  async markDelivered(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length) await manager.query('UPDATE platform_events SET delivered_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }
}
