/**
 * The future events of a discrete-event simulation, earliest first; events at the same time come
 * out in the order they were scheduled, so a run is deterministic. A binary heap over (time, seq).
 */
export class EventQueue<E> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly events: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.events.length;
  }

  /** The time of the earliest event, or Infinity when none is left. */
  peekTime(): number {
    return this.events.length > 0 ? this.times[0]! : Infinity;
  }

  push(at: number, event: E): void {
    this.times.push(at);
    this.seqs.push(this.nextSeq++);
    this.events.push(event);
    this.siftUp(this.events.length - 1);
  }

  /** Removes and returns the earliest event with its time. */
  pop(): { at: number; event: E } | undefined {
    if (this.events.length === 0) return undefined;
    const top = { at: this.times[0]!, event: this.events[0]! };
    const last = this.events.length - 1;
    this.move(last, 0);
    this.times.pop();
    this.seqs.pop();
    this.events.pop();
    if (this.events.length > 0) this.siftDown(0);
    return top;
  }

  private before(a: number, b: number): boolean {
    return this.times[a]! < this.times[b]! || (this.times[a] === this.times[b] && this.seqs[a]! < this.seqs[b]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.events[to] = this.events[from]!;
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b]!, this.seqs[a]!];
    [this.events[a], this.events[b]] = [this.events[b]!, this.events[a]!];
  }

  private siftUp(index: number): void {
    for (let i = index; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const size = this.events.length;
    for (let i = index; ;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.before(right, left) ? right : left;
      if (!this.before(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
