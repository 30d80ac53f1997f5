import { PLATFORM_SIGNATURE_HEADER, type PlatformEvent } from '@fc/contracts';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Verify = (secret: string, rawBody: string, header: string | undefined) => boolean;
/** The integrators' snippet (docs/snippets): tests check the worker's requests with what integrators are given. */
export const { verifyPlatformSignature } = (await import(pathToFileURL(resolve('docs/snippets/verify-platform-signature.mjs')).href)) as { verifyPlatformSignature: Verify };

/** One request the receiver got, and what it answered. */
export interface WebhookRequest {
  rawBody: string;
  signature: string | undefined;
  event: PlatformEvent;
  /** What the receiver answered; 0 when it never did. */
  status: number;
}

/**
 * The telephony platform's side of the webhook: a real HTTP server on loopback that records every
 * request and answers what `answer` says (204 unless told otherwise), or nothing at all for `'hang'`.
 */
export class WebhookReceiver {
  readonly requests: WebhookRequest[] = [];
  answer: (event: PlatformEvent, request: IncomingMessage) => number | 'hang' = () => 204;
  /** How long it takes to answer, as a slow platform would. */
  answerAfterMs = 0;
  /** Requests that came while another request for the same call was still unanswered. */
  overlaps = 0;
  private readonly inFlight = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const event = JSON.parse(rawBody) as PlatformEvent;
        const self = receiver!;
        const open = self.inFlight.get(event.callId) ?? 0;
        if (open > 0) self.overlaps++;
        self.inFlight.set(event.callId, open + 1);
        const answer = self.answer(event, request);
        self.requests.push({ rawBody, signature: request.headers[PLATFORM_SIGNATURE_HEADER] as string | undefined, event, status: answer === 'hang' ? 0 : answer });
        if (answer === 'hang') return;
        setTimeout(() => {
          self.inFlight.set(event.callId, self.inFlight.get(event.callId)! - 1);
          response.writeHead(answer).end();
        }, self.answerAfterMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/platform-events`);
    return receiver;
  }

  /** The events it took (answered 2xx), each once, in the order it first took them. */
  accepted(): PlatformEvent[] {
    const seen = new Set<string>();
    return this.requests.filter((r) => r.status >= 200 && r.status < 300 && !seen.has(r.event.id) && seen.add(r.event.id)).map((r) => r.event);
  }

  /**
   * Requests that went out before every earlier event of their call had been taken (answered
   * 2xx): each a line saying which. Empty when every call's events were sent in `seq` order.
   */
  requestsAheadOfTheirCall(): string[] {
    const taken = new Map<string, Set<number>>();
    const ahead: string[] = [];
    for (const { event, status } of this.requests) {
      const seqs = taken.get(event.callId) ?? new Set<number>();
      for (let earlier = 1; earlier < event.seq; earlier++) if (!seqs.has(earlier)) ahead.push(`${event.callId} event ${event.seq} sent before event ${earlier} was taken`);
      if (status >= 200 && status < 300) seqs.add(event.seq);
      taken.set(event.callId, seqs);
    }
    return ahead;
  }

  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await closed;
  }
}
