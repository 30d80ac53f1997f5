import { ServiceUnavailableException } from '@nestjs/common';

/**
 * Lets `concurrency` reports run at once and `queue` more wait their turn, first come first
 * served; beyond that a report is refused at once with 503, so a burst of heavy requests costs
 * the process a bounded amount of memory and database time, whatever their number.
 */
export class ReportGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** @throws ServiceUnavailableException when every turn is taken and the queue is full */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new ServiceUnavailableException(`${this.running} reports are being prepared and ${this.waiting.length} wait: try again in a moment`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
