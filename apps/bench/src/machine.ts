import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import os from 'node:os';

/** What a benchmark ran on, printed with every summary so figures can be compared honestly. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The value below which `p` percent of the sorted samples lie (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * A port on 127.0.0.1 free for TCP and for UDP now. The kernel picks a free TCP port; SIPp, Kamailio
 * and rtpengine take UDP ports too, and a TCP port free while another SIPp holds its UDP twin made
 * a phone fail to bind (or, worse, answer for another phone): such a port is passed over.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: chosen } = server.address() as { port: number };
        server.close(() => resolve(chosen));
      });
    });
    if (await udpPortFree(port)) return port;
  }
}

/** Whether UDP `port` on 127.0.0.1 can be bound now (nobody holds it). */
export function udpPortFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
