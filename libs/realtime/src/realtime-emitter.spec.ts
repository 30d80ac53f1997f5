import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '@fc/config';
import { createServer } from 'node:net';
import { RealtimeEmitter } from './realtime-emitter.js';

/** A loopback port nobody listens on: Redis away. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The emitter, telling when a publish failed. */
class ObservedEmitter extends RealtimeEmitter {
  private failedOnce!: () => void;
  readonly failed = new Promise<void>((resolve) => (this.failedOnce = resolve));

  protected override publishFailed(error: unknown): void {
    super.publishFailed(error);
    this.failedOnce();
  }
}

describe("the worker's realtime emitter while Redis is away", () => {
  it('notes a live message it could not publish instead of leaving the rejection unhandled', async () => {
    const emitter = new ObservedEmitter(AppConfig.fromEnvironment({ NODE_ENV: 'test', REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }));
    try {
      emitter.toAgent('0b5f6c1e-7d2a-4e8f-9a3b-5c6d7e8f9a01', 'follow_up.assigned', { followUpId: 'f', kind: 'callback', callId: 'c', dueAt: '2026-12-05T00:00:00.000Z' });
      // The client gives the publish up after its retries; the failure reaches the emitter, not the process.
      await expect(emitter.failed).resolves.toBeUndefined();
    } finally {
      await emitter.onApplicationShutdown();
    }
  });
});
