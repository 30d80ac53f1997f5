import { PLATFORM_SIGNATURE_HEADER, type PlatformEvent } from '@fc/contracts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Verify = (secret: string, rawBody: string | Buffer, header: string | undefined, options?: { now?: Date; toleranceSec?: number }) => boolean;

/**
 * The signature check integrators copy (docs/snippets), loaded as they run it: the simulator and the
 * voice edge play a platform, so they verify as one does, and the snippet is exercised by every
 * webhook run. The same path from src (tests) and dist (the built lib).
 */
const { verifyPlatformSignature } = (await import(new URL('../../../docs/snippets/verify-platform-signature.mjs', import.meta.url).href)) as { verifyPlatformSignature: Verify };

/** The port could not be listened on. */
export class PlatformWebhookListenError extends Error {}

/** A request body larger than this is no platform event (real events are well under 1 kB). */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * A call's event that comes after a gap in `seq` waits this long (real ms) for the ones before it;
 * then the gap is taken to be events sent before this receiver listened, and it is acted on.
 */
const GAP_WAIT_MS = 5000;
/** Event ids are remembered this long (real ms) to drop repeats; an older repeat is dropped by its `seq`. */
const ID_MEMORY_MS = 60 * 60_000;
const SWEEP_MS = 1000;

/**
 * Receives the platform events as a telephony platform with a webhook does (DESIGN §11,
 * docs/telephony-platform-events.md), for the simulator and the voice edge: an HTTP server on 127.0.0.1 that is the worker's
 * `TELEPHONY_WEBHOOK_URL`. Each request's `x-fc-signature` is checked with the shared secret (401
 * and nothing acted on when it fails); the event is taken and answered 204 at once. Repeats (by
 * event id, and by `seq` below one acted on) are answered 204 and dropped; a call's events are
 * handed on in `seq` order, one that comes early waiting for those before it.
 */
export class PlatformWebhook {
  private server: Server | null = null;
  private readonly seenIds = new Map<string, number>();
  /** Per call: the last `seq` handed on, and events that came early, with when they came. */
  private readonly calls = new Map<string, { lastSeq: number | null; early: Map<number, { event: PlatformEvent; atMs: number }> }>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Events handed on, repeats dropped, requests refused (bad signature or body), events that came early and waited. */
  readonly counts = { events: 0, repeats: 0, refused: 0, early: 0 };

  constructor(
    private readonly port: number,
    private readonly secret: string,
    private readonly onEvent: (event: PlatformEvent) => void,
    /** Loopback unless the worker posts from another host (a container). */
    private readonly host = '127.0.0.1',
  ) {}

  /** Listens; resolves once the port is open. */
  async start(): Promise<void> {
    const server = createServer((request, response) => this.receive(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(new PlatformWebhookListenError(`cannot listen for platform events on ${this.host}:${this.port} (${error.code ?? error.message})`)));
      server.listen(this.port, this.host, () => resolve());
    });
    this.server = server;
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** The port listened on (the one asked for, or the one given for port 0). */
  get listeningPort(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  /** Stops listening; the worker retries what it could not deliver (and the feed keeps it all). */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The handling of one request, without the HTTP: a status to answer. Exposed for the spec. */
  take(rawBody: Buffer, signature: string | undefined, nowMs = Date.now()): 204 | 400 | 401 {
    if (!verifyPlatformSignature(this.secret, rawBody, signature, { now: new Date(nowMs) })) {
      this.counts.refused++;
      return 401;
    }
    let event: PlatformEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as PlatformEvent;
    } catch {
      this.counts.refused++;
      return 400;
    }
    if (typeof event?.id !== 'string' || typeof event.callId !== 'string' || !Number.isInteger(event.seq)) {
      this.counts.refused++;
      return 400;
    }
    if (this.seenIds.has(event.id)) {
      this.counts.repeats++;
      return 204;
    }
    this.seenIds.set(event.id, nowMs);
    const call = this.calls.get(event.callId) ?? { lastSeq: null, early: new Map() };
    this.calls.set(event.callId, call);
    if ((call.lastSeq !== null && event.seq <= call.lastSeq) || call.early.has(event.seq)) {
      this.counts.repeats++;
      return 204;
    }
    // The first of a call, or the next one: on at once. A later one waits for those before it.
    if ((call.lastSeq === null && event.seq === 1) || (call.lastSeq !== null && event.seq === call.lastSeq + 1)) {
      this.hand(call, event);
      this.handWaiting(call);
    } else {
      this.counts.early++;
      call.early.set(event.seq, { event, atMs: nowMs });
    }
    return 204;
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        this.counts.refused++;
        response.writeHead(413).end();
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      const header = request.headers[PLATFORM_SIGNATURE_HEADER];
      response.writeHead(this.take(Buffer.concat(chunks), Array.isArray(header) ? header[0] : header)).end();
    });
  }

  private hand(call: { lastSeq: number | null }, event: PlatformEvent): void {
    call.lastSeq = event.seq;
    this.counts.events++;
    this.onEvent(event);
  }

  /** Hands on the events that were waiting for the one just handed on. */
  private handWaiting(call: { lastSeq: number | null; early: Map<number, { event: PlatformEvent }> }): void {
    for (let next = call.early.get(call.lastSeq! + 1); next; next = call.early.get(call.lastSeq! + 1)) {
      call.early.delete(next.event.seq);
      this.hand(call, next.event);
    }
  }

  /** Gaps that waited long enough are given up on, and old ids forgotten. Public for the spec. */
  sweep(nowMs = Date.now()): void {
    for (const call of this.calls.values()) {
      if (call.early.size === 0) continue;
      const first = Math.min(...call.early.keys());
      const waiting = call.early.get(first)!;
      // The lowest seq waiting is the one the gap holds up.
      if (nowMs - waiting.atMs < GAP_WAIT_MS) continue;
      call.early.delete(first);
      this.hand(call, waiting.event);
      this.handWaiting(call);
    }
    for (const [id, atMs] of this.seenIds) if (nowMs - atMs > ID_MEMORY_MS) this.seenIds.delete(id);
  }
}
