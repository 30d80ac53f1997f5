import { PlatformEventType, type PlatformEventPage } from '@fc/contracts';
import { PlatformEventEntity, toPlatformEvent } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Reads the replay feed of platform events (DESIGN §11), in commit order. */
@Injectable()
export class PlatformEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` committed events after the cursor `after` (from the oldest kept without one), in
   * `position` order. Rows without a position are still committing: they take a position above
   * every one handed out so far, so reading past them loses nothing.
   */
  async pageAfter(after: string | undefined, limit: number): Promise<PlatformEventPage> {
    const query = this.dataSource.getRepository(PlatformEventEntity).createQueryBuilder('e').where('e.position IS NOT NULL').orderBy('e.position', 'ASC').limit(limit);
    if (after !== undefined) query.andWhere('e.position > :after', { after });
    const rows = await query.getMany();
    // `call.dial` carries the caller's number, read now as delivery reads it (none is stored with the event).
    const dialled = rows.filter((row) => row.type === PlatformEventType.Dial).map((row) => row.callId);
    const numbers = new Map<string, string>();
    if (dialled.length > 0) {
      const found: { call_id: string; phone_e164: string }[] = await this.dataSource.query('SELECT call_id, phone_e164 FROM caller_numbers WHERE call_id = ANY($1::uuid[])', [dialled]);
      for (const { call_id, phone_e164 } of found) numbers.set(call_id, phone_e164);
    }
    const events = rows.map((row) => toPlatformEvent(row, row.type === PlatformEventType.Dial ? (numbers.get(row.callId) ?? null) : null));
    return { events, cursor: rows.at(-1)?.position ?? after ?? null };
  }
}
