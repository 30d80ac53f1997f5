import { ServiceUnavailableException } from '@nestjs/common';

/** A report whose client went away before its turn: nothing was computed. */
export class ReportAbandonedError extends Error {
  constructor() {
    super('the client went away before the report was computed');
  }
}

/**
 * Lets `concurrency` reports run at once and `queue` more wait their turn, first come first
 * served; beyond that a report is refused at once with 503, so a burst of heavy requests costs
 * the process a bounded amount of memory and database time, whatever their number. A report
 * whose client has gone (`signal` aborted) leaves the queue, or is skipped when its turn comes:
 * nobody would read it, and the floor would pay for it.
 */
export class ReportGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** Reports being computed and reports waiting for a turn, in this process. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * @throws ServiceUnavailableException when every turn is taken and the queue is full
   * @throws ReportAbandonedError when `signal` aborted before the report's turn
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new ReportAbandonedError();
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new ServiceUnavailableException(`${this.running} reports are being prepared and ${this.waiting.length} wait: try again in a moment`);
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        const leave = () => {
          const at = this.waiting.indexOf(turn);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new ReportAbandonedError());
        };
        this.waiting.push(turn);
        signal?.addEventListener('abort', leave, { once: true });
      });
    } else {
      this.running++;
    }
    try {
      if (signal?.aborted) throw new ReportAbandonedError();
      return await work();
    } finally {
      // The turn passes straight to the next in line, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
