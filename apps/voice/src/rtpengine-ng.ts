/**
 * rtpengine's control protocol (ng: bencoded dictionaries over UDP, each request prefixed by a
 * cookie its answer repeats): the edge pings it at start; the tests read its packet counters.
 */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

type Bencoded = number | string | Bencoded[] | { [key: string]: Bencoded };

function encode(value: Bencoded): string {
  if (typeof value === 'number') return `i${Math.trunc(value)}e`;
  if (typeof value === 'string') return `${Buffer.byteLength(value)}:${value}`;
  if (Array.isArray(value)) return `l${value.map(encode).join('')}e`;
  return `d${Object.keys(value)
    .sort()
    .map((key) => encode(key) + encode(value[key]!))
    .join('')}e`;
}

function decode(buffer: Buffer): Bencoded {
  let at = 0;
  const read = (): Bencoded => {
    const kind = String.fromCharCode(buffer[at]!);
    if (kind === 'i') {
      const end = buffer.indexOf(0x65, at);
      const n = Number(buffer.subarray(at + 1, end).toString());
      at = end + 1;
      return n;
    }
    if (kind === 'l') {
      at++;
      const list: Bencoded[] = [];
      while (buffer[at] !== 0x65) list.push(read());
      at++;
      return list;
    }
    if (kind === 'd') {
      at++;
      const dict: Record<string, Bencoded> = {};
      while (buffer[at] !== 0x65) {
        const key = read() as string;
        dict[key] = read();
      }
      at++;
      return dict;
    }
    const colon = buffer.indexOf(0x3a, at);
    const length = Number(buffer.subarray(at, colon).toString());
    const text = buffer.subarray(colon + 1, colon + 1 + length).toString();
    at = colon + 1 + length;
    return text;
  };
  return read();
}

/** One command to rtpengine's control port (the ng protocol: bencode over UDP), its answer. */
export function rtpengineCommand(port: number, command: Record<string, Bencoded>, timeoutMs = 2000): Promise<Record<string, Bencoded>> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const cookie = randomBytes(6).toString('hex');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`rtpengine did not answer ${String(command.command)} on port ${port}`));
    }, timeoutMs);
    socket.on('message', (message) => {
      const space = message.indexOf(0x20);
      if (message.subarray(0, space).toString() !== cookie) return;
      clearTimeout(timer);
      socket.close();
      resolve(decode(message.subarray(space + 1)) as Record<string, Bencoded>);
    });
    socket.send(`${cookie} ${encode(command)}`, port, '127.0.0.1');
  });
}

/** The RTP packets rtpengine has received on each leg of a call (by the leg's SIP tag), and each leg's transport. */
export async function rtpPacketsByLeg(port: number, sipCallId: string): Promise<{ tag: string; protocol: string; packets: number }[]> {
  const answer = await rtpengineCommand(port, { command: 'query', 'call-id': sipCallId });
  if (answer.result !== 'ok') throw new Error(`rtpengine query failed: ${JSON.stringify(answer)}`);
  type Stream = { stats?: { packets?: number } };
  type Media = { protocol?: string; streams?: Stream[] };
  const tags = (answer.tags ?? {}) as Record<string, { medias?: Media[] }>;
  return Object.entries(tags).map(([tag, leg]) => ({
    tag,
    protocol: (leg.medias ?? []).map((m) => m.protocol ?? '?').join(','),
    packets: (leg.medias ?? []).flatMap((m) => m.streams ?? []).reduce((sum, s) => sum + (s.stats?.packets ?? 0), 0),
  }));
}
