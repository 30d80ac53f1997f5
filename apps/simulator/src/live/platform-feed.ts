import type { PlatformEvent, PlatformEventPage } from '@fc/contracts';
import type { LiveApi } from './live-api.js';

/** A pause between reads once the feed has nothing new (real time). */
const IDLE_MS = 200;
/** Events per read: a backlog is read at this pace without a pause. */
const PAGE = 500;

/**
 * Reads the platform events as a telephony platform that pulls does: `GET /api/telephony/events`
 * from a cursor, in commit order, each event handed on once. De-duplicates by call and `seq`,
 * as DESIGN §11 asks of every consumer (a feed read again after a failure may repeat events).
 */
export class PlatformFeed {
  private cursor: string | null = null;
  private readonly lastSeq = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | null = null;
  private stopped = false;
  /** Events handed on, and repeats dropped. */
  readonly counts = { events: 0, repeats: 0 };

  constructor(
    private readonly api: LiveApi,
    private readonly onEvent: (event: PlatformEvent) => void,
  ) {}

  /**
   * Starts reading at the feed's end, so a run on a database with history is not handed events
   * of calls it never placed. Resolves once the end is found.
   */
  async start(): Promise<void> {
    for (;;) {
      const page = await this.read();
      if (!page) throw new Error('the platform event feed does not answer');
      if (page.events.length < PAGE) break;
    }
    this.lastSeq.clear();
    this.counts.events = 0;
    this.schedule(0, true);
  }

  /** Reads what is left now, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.reading;
    await this.drain();
  }

  /** The call is over for this run: its seq need not be remembered. */
  forget(callId: string): void {
    this.lastSeq.delete(callId);
  }

  private schedule(ms: number, deliver: boolean): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.reading = this.drain(deliver).finally(() => (this.reading = null));
      void this.reading.then(() => this.schedule(IDLE_MS, deliver));
    }, ms);
  }

  /** Reads pages until the feed has nothing more. */
  private async drain(deliver = true): Promise<void> {
    for (;;) {
      const page = await this.read();
      if (!page) return;
      if (deliver) for (const event of page.events) this.hand(event);
      if (page.events.length < PAGE) return;
    }
  }

  private async read(): Promise<PlatformEventPage | null> {
    const after = this.cursor === null ? '' : `&after=${this.cursor}`;
    const result = await this.api.get<PlatformEventPage>(`/api/telephony/events?limit=${PAGE}${after}`, { telephony: true });
    if (!result.ok) return null;
    if (result.body.cursor !== null) this.cursor = result.body.cursor;
    return result.body;
  }

  private hand(event: PlatformEvent): void {
    if (event.seq <= (this.lastSeq.get(event.callId) ?? 0)) {
      this.counts.repeats++;
      return;
    }
    this.lastSeq.set(event.callId, event.seq);
    this.counts.events++;
    this.onEvent(event);
  }
}
