import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';

/** What a benchmark ran on, printed with every summary so figures can be compared honestly. */
function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/**
 * Prints a benchmark's summary as JSON on stdout, with the machine it ran on last (and `machineExtras`,
 * readings of the machine taken during the run). Every benchmark ends so; stderr carries its progress.
 */
export function printSummary(figures: object, machineExtras: object = {}): void {
  process.stdout.write(`${JSON.stringify({ ...figures, machine: { ...machine(), ...machineExtras } }, null, 2)}\n`);
}

/** The value below which `p` percent of the sorted samples lie (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * A port on 127.0.0.1 free for TCP and for UDP now, for a process started later to bind. SIPp,
 * Kamailio and rtpengine take UDP ports too, and a TCP port free while another SIPp held its UDP
 * twin made a phone fail to bind (or, worse, answer for another phone): such a port is passed over.
 *
 * Drawn from outside the kernel's ephemeral range: a port the kernel handed out there and got back
 * could go to any process's next outgoing connection before its user bound it (CI saw Kamailio
 * fail with "Address already in use" on its WebSocket port so). Below the range, 10000–29999 are
 * rtpengine's blocks (`VoiceEdgeProcess`), so the draw is from 30000 up to the range, and above it.
 */
export async function freePort(): Promise<number> {
  const [low, high] = ephemeralRange();
  const spans = [
    [30_000, low - 1],
    [high + 1, 65_535],
  ].filter(([from, to]) => to! - from! >= 1000) as [number, number][];
  const size = spans.reduce((sum, [from, to]) => sum + to - from + 1, 0);
  for (;;) {
    let port = 0;
    let pick = Math.floor(Math.random() * size);
    for (const [from, to] of spans) {
      if (pick <= to - from) {
        port = from + pick;
        break;
      }
      pick -= to - from + 1;
    }
    // An unusual range that leaves no room outside it: the kernel's own pick, as before.
    if (port === 0) port = await kernelPort();
    if ((await tcpPortFree(port)) && (await udpPortFree(port))) return port;
  }
}

/** A TCP port the kernel picks as free now. */
function kernelPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The ports Linux gives outgoing connections (`ip_local_port_range`); its default where it cannot be read. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low!, high!];
  } catch {
    // Not Linux: the default range.
  }
  return [32_768, 60_999];
}

/** Whether TCP `port` on 127.0.0.1 can be listened on now. */
function tcpPortFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether UDP `port` on 127.0.0.1 can be bound now (nobody holds it). */
export function udpPortFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
