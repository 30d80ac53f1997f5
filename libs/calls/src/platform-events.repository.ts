import type { PlatformEventPage } from '@fc/contracts';
import { PLATFORM_EVENT_COLUMNS, toPlatformEvent, type PlatformEventRow } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Committed events a read numbers first, at most: a backlog (a platform that has not read for days)
 * is numbered a batch per read, oldest first, and the reader pages through it as it grows.
 */
const NUMBERING_BATCH = 5000;

/** Reads the replay feed of platform events (DESIGN §11), in the order they were numbered. */
@Injectable()
export class PlatformEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` events after the cursor `after` (from the oldest kept without one), in `position`
   * order. Events committed since the last read are numbered first, in a transaction of their own
   * (`platform_events_number`, decision 0049): each numbering starts above every position handed
   * out before it and numbers only committed events, so reading past the unnumbered loses nothing.
   */
  async pageAfter(after: string | undefined, limit: number): Promise<PlatformEventPage> {
    await this.dataSource.query('SELECT platform_events_number($1)', [NUMBERING_BATCH]);
    const rows: PlatformEventRow[] = await this.dataSource.query(
      `SELECT ${PLATFORM_EVENT_COLUMNS} FROM platform_events e
        WHERE e.position IS NOT NULL AND ($1::bigint IS NULL OR e.position > $1::bigint)
        ORDER BY e.position LIMIT $2`,
      [after ?? null, limit],
    );
    return { events: rows.map(toPlatformEvent), cursor: rows.at(-1)?.position ?? after ?? null };
  }
}
