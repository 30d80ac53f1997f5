import { PlatformEventType, type PlatformEvent } from '@fc/contracts';
import { toPlatformEvent } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A platform event not yet answered 2xx by the webhook, as it is sent. */
export interface UndeliveredPlatformEvent {
  id: string;
  seq: number;
  event: PlatformEvent;
}

interface EventRow {
  id: string;
  call_id: string;
  external_id: string;
  seq: number;
  type: PlatformEventType;
  at: Date;
  data: Record<string, unknown>;
  number: string | null;
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
    const rows: EventRow[] = await manager.query(
      `SELECT e.id, e.call_id, e.external_id, e.seq, e.type, e.at, e.data,
              CASE WHEN e.type = $2 THEN (SELECT n.phone_e164 FROM caller_numbers n WHERE n.call_id = e.call_id) END AS number
         FROM platform_events e
        WHERE e.call_id = $1 AND e.delivered_at IS NULL
        ORDER BY e.seq
          FOR UPDATE OF e`,
      [callId, PlatformEventType.Dial],
    );
    return rows.map((row) => ({
      id: row.id,
      seq: row.seq,
      event: toPlatformEvent({ id: row.id, callId: row.call_id, externalId: row.external_id, seq: row.seq, type: row.type, at: row.at, data: row.data }, row.number),
    }));
  }

  async markDelivered(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length) await manager.query('UPDATE platform_events SET delivered_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }
}
