import { EventEmitter } from 'node:events';
import net from 'node:net';

/** A message from the edge (Kamailio's `evapi_relay`), a JSON object. */
export type EdgeMessage = Record<string, unknown> & { event: string };

/**
 * apps/voice's line to Kamailio's evapi module: JSON objects framed as netstrings
 * (`<length>:<bytes>,`) both ways, over TCP on loopback. Reconnects when the line drops (Kamailio
 * restarted); what was said while it was down is lost, so the edge tells `connected` and `lost`.
 */
export class EvapiConnection extends EventEmitter<{ message: [EdgeMessage]; connected: []; lost: [] }> {
  private socket: net.Socket | null = null;
  private buffer = Buffer.alloc(0);
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly onBadMessage: (reason: string) => void,
  ) {
    super();
  }

  /** Connects, trying again every 200 ms until `timeoutMs`. */
  async open(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.connectOnce();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`the edge's evapi did not answer on ${this.host}:${this.port} (${(error as Error).message})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  get isOpen(): boolean {
    return this.socket !== null;
  }

  send(message: Record<string, unknown>): boolean {
    if (!this.socket) return false;
    const body = Buffer.from(JSON.stringify(message));
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
    this.socket = null;
  }

  private connectOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, this.host);
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        socket.on('data', (chunk: Buffer) => this.take(chunk));
        socket.on('close', () => this.dropped(socket));
        this.socket = socket;
        this.buffer = Buffer.alloc(0);
        this.emit('connected');
        resolve();
      });
    });
  }

  private dropped(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.emit('lost');
    if (this.closed) return;
    const retry = () => {
      this.retryTimer = setTimeout(() => void this.connectOnce().catch(retry), 500);
    };
    retry();
  }

  /** Splits netstrings out of the stream; a malformed one drops the buffer (the stream cannot be re-synchronised otherwise). */
  private take(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length) || length < 0 || colon > 10) {
        this.onBadMessage('a frame without a length');
        this.buffer = Buffer.alloc(0);
        return;
      }
      if (this.buffer.length < colon + 1 + length + 1) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      this.buffer = this.buffer.subarray(colon + 2 + length);
      try {
        const message = JSON.parse(body) as EdgeMessage;
        if (typeof message?.event === 'string') this.emit('message', message);
        else this.onBadMessage('a message without an event');
      } catch {
        this.onBadMessage('a message that is not JSON');
      }
    }
  }
}
