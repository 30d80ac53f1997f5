import { sipCredentials } from '@fc/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, udpPortFree } from './machine.js';

/*
 * The voice edge and SIPp, as bench:voice and the SIP tests (test/support/voice-edge.ts) run them:
 * one way to start the built edge on free ports, to run a SIPp scenario and read what it counted,
 * and to register a phone.
 */

/** The SIPp scenarios of the product (apps/voice/sipp), from src (tests) and dist (the bench) alike. */
const SCENARIOS = fileURLToPath(new URL('../../voice/sipp/', import.meta.url));

/**
 * The built voice edge (`node apps/voice/dist/main.js`) as its own process, with Kamailio (and
 * rtpengine, with media) as its children, on free ports, reporting to `apiUrl`.
 */
export class VoiceEdgeProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly sipPort: number,
    readonly wsPort: number,
    readonly webhookPort: number,
    readonly rtpenginePort: number,
    readonly log: () => string,
    /** The secret registrations are checked with (VOICE_SIP_SECRET); null: they need no credentials. */
    readonly sipSecret: string | null,
  ) {}

  get sipTarget(): string {
    return `127.0.0.1:${this.sipPort}`;
  }

  /** Where browsers' softphones connect (Kamailio's plain WebSocket). */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /**
   * `wsPort`: chosen beforehand, when the api must know the WebSocket before the edge starts (the
   * softphone). `rtpPorts`: rtpengine's, by default a block of 100 drawn at random from
   * 10000–29999, below where freePort draws SIP ports: rtpengine's UDP ports must not be the ones a
   * SIPp is told are free.
   */
  static async start(options: {
    apiUrl: string;
    telephonyKey: string;
    webhookPort: number;
    secret: string;
    media?: 'none' | 'rtpengine';
    wsPort?: number;
    rtpPorts?: { min: number; max: number };
    /** VOICE_SIP_SECRET: registrations need credentials issued with it (decision 0047). */
    sipSecret?: string;
    extra?: Record<string, string>;
  }): Promise<VoiceEdgeProcess> {
    const [sipPort, wsPort, evapiPort, rtpenginePort] = [await freePort(), options.wsPort ?? (await freePort()), await freePort(), await freePort()];
    const rtpBase = 10_000 + Math.floor(Math.random() * 200) * 100;
    const rtpPorts = options.rtpPorts ?? { min: rtpBase, max: rtpBase + 99 };
    // The log since the start, its last 200 kB: enough to tell why a test failed, bounded for a bench.
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../voice/dist/main.js', import.meta.url))], {
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'info',
        API_URL: options.apiUrl,
        TELEPHONY_API_KEY: options.telephonyKey,
        TELEPHONY_WEBHOOK_SECRET: options.secret,
        VOICE_WEBHOOK_PORT: String(options.webhookPort),
        VOICE_SIP_PORT: String(sipPort),
        VOICE_WS_PORT: String(wsPort),
        VOICE_EVAPI_PORT: String(evapiPort),
        VOICE_RTPENGINE_PORT: String(rtpenginePort),
        VOICE_RTP_PORT_MIN: String(rtpPorts.min),
        VOICE_RTP_PORT_MAX: String(rtpPorts.max),
        VOICE_MEDIA: options.media ?? 'none',
        ...(options.sipSecret ? { VOICE_SIP_SECRET: options.sipSecret } : {}),
        ...options.extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`voice edge not ready within 20 s:\n${output}`)), 20_000);
      const check = () => {
        if (output.includes('voice edge ready')) {
          clearTimeout(timer);
          resolveReady();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code, signal) => reject(new Error(`voice edge exited early (${code ?? signal}):\n${output}`)));
    });
    return new VoiceEdgeProcess(child, sipPort, wsPort, options.webhookPort, rtpenginePort, () => output, options.sipSecret ?? null);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((done) => {
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}

/** SIPp's statistics file (-trace_stat): the counters of its last line, by name ("SuccessfulCall(C)"). */
function lastStatistics(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  if (lines.length < 2) return {};
  const header = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  return Object.fromEntries(header.map((name, i) => [name, last[i] ?? '']));
}

/** A SIPp run, in a folder of its own (its -trace files land there). */
export class Sipp {
  private output = '';
  readonly done: Promise<number>;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    child.stderr!.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    this.done = new Promise((resolveDone) => child.once('exit', (code) => resolveDone(code ?? -1)));
  }

  /**
   * Runs `scenario` of apps/voice/sipp with `args`, after writing `files` into its folder.
   *
   * Give it `-p` only where its address must be known beforehand (a phone's, `startPhone`), and never
   * `-mp`: left to itself SIPp binds its ports by trying them (SIP from 5060, media pairs from 6000)
   * and takes the next when one is held, where a port chosen free here can be taken before SIPp binds
   * it. `-mp X` binds X + 2 as well, which no check saw: a caller run exited 254 (EADDRINUSE) so in CI.
   */
  static run(scenario: string, args: string[], files: Record<string, string | Buffer> = {}): Sipp {
    const dir = mkdtempSync(join(tmpdir(), 'fc-sipp-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const child = spawn('sipp', ['-sf', join(SCENARIOS, scenario), '-i', '127.0.0.1', '-nostdin', '-trace_err', '-trace_stat', '-stf', join(dir, 'stat.csv'), '-fd', '1', ...args], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Sipp(child, dir);
  }

  get text(): string {
    return this.output;
  }

  /** Its last statistics line (written every second, and at the end), by counter; empty before the first. */
  statistics(): Record<string, string> {
    const path = join(this.dir, 'stat.csv');
    return existsSync(path) ? lastStatistics(path) : {};
  }

  /** The response times SIPp measured (-trace_rtt), in ms, in the order the calls completed. */
  responseTimesMs(): number[] {
    const file = readdirSync(this.dir).find((name) => name.endsWith('_rtt.csv'));
    if (!file) return [];
    return readFileSync(join(this.dir, file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(';')[1]))
      .filter((ms) => Number.isFinite(ms));
  }

  /** The Call-IDs of the calls SIPp made (-trace_msg is not needed: SIPp numbers them `<n>-<pid>@<ip>`). */
  callIds(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${i + 1}-${this.child.pid}@127.0.0.1`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.done;
  }
}

/**
 * An agent's phone: SIPp running `scenario` as a UAS on a free port, once it holds that port (its
 * media ports are SIPp's own pick, `Sipp.run`). A port free when chosen can be taken before SIPp
 * binds it (SIPp then exits): then it is tried again on other ports, a few times.
 */
export async function startPhone(scenario: string, args: string[]): Promise<{ phone: Sipp; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const phone = Sipp.run(scenario, ['-p', String(port), '-deadcall_wait', '200', ...args]);
    if (await holdsUdpPort(phone, port)) return { phone, port };
    if (attempt === 3) throw new Error(`SIPp could not start ${scenario}: ${phone.text.slice(-1000)}`);
  }
}

/** Whether `sipp` came to hold UDP `port` (it is bound when we cannot bind it); false once it exited. */
async function holdsUdpPort(sipp: Sipp, port: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (sipp.child.exitCode !== null || sipp.child.signalCode !== null) return false;
    if (!(await udpPortFree(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/**
 * An agent's phone registering its contact (a SIPp UAS on `phonePort`) as `user` at the edge, with
 * credentials for `user` when the edge asks for them (or `credentials` given, to try others).
 */
export async function registerPhone(edge: VoiceEdgeProcess, user: string, phonePort: number, credentials?: { username: string; password: string }): Promise<void> {
  const auth = credentials ?? (edge.sipSecret ? sipCredentials(edge.sipSecret, user) : null);
  const run = Sipp.run('register.xml', [
    ...(auth ? ['-au', auth.username, '-ap', auth.password] : []),
    '-s',
    user,
    '-key',
    'contact',
    `127.0.0.1:${phonePort}`,
    '-key',
    'expires',
    '600',
    '-key',
    'domain',
    '127.0.0.1',
    '-m',
    '1',
    edge.sipTarget,
  ]);
  const code = await run.done;
  if (code !== 0) throw new Error(`registering ${user} failed (sipp exit ${code}): ${run.text.slice(-2000)}`);
}
