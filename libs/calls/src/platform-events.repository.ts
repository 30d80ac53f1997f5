import type { PlatformEventPage } from '@fc/contracts';
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
    // `call.dial` is not written yet (callbacks as calls); its number will be read here as delivery reads it.
    const events = rows.map((row) => toPlatformEvent(row, null));
    return { events, cursor: rows.at(-1)?.position ?? after ?? null };
  }
}
