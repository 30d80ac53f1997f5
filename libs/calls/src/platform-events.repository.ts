import type { PlatformEvent, PlatformEventPage } from '@fc/contracts';
import { iso } from '@fc/domain';
import { PlatformEventEntity } from '@fc/persistence';
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
    const events = rows.map(
      (row) =>
        ({
          id: row.id,
          callId: row.callId,
          externalId: row.externalId,
          seq: row.seq,
          type: row.type,
          at: iso(row.at),
          data: row.data,
        }) as PlatformEvent,
    );
    return { events, cursor: rows.at(-1)?.position ?? after ?? null };
  }
}
