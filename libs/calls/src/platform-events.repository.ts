import type { PlatformEventPage } from '@fc/contracts';
import { PLATFORM_EVENT_COLUMNS, toPlatformEvent, type PlatformEventRow } from '@fc/persistence';
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
    const rows: PlatformEventRow[] = await this.dataSource.query(
      `SELECT ${PLATFORM_EVENT_COLUMNS} FROM platform_events e
        WHERE e.position IS NOT NULL AND ($1::bigint IS NULL OR e.position > $1::bigint)
        ORDER BY e.position LIMIT $2`,
      [after ?? null, limit],
    );
    return { events: rows.map(toPlatformEvent), cursor: rows.at(-1)?.position ?? after ?? null };
  }
}
