import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rtpengineCommand } from './rtpengine-ng.js';
import type { VoiceConfig } from './voice-config.js';

/** apps/voice/edge, from src (tests) and dist (the built app) alike. */
const EDGE_DIR = new URL('../edge/', import.meta.url);

/** Kamailio's configuration with this edge's settings in place of its `{{NAME}}`s. */
export function renderKamailioConfig(config: VoiceConfig, template = readFileSync(new URL('kamailio.cfg', EDGE_DIR), 'utf8')): string {
  const values: Record<string, string | number> = {
    DEBUG: config.kamailioDebug,
    LOG_PREFIX: '[edge]',
    // SIP workers: each may wait on rtpengine (its offers and answers are synchronous) while calls keep coming.
    CHILDREN: 8,
    SIP_DOMAIN: config.sipDomain,
    // A host name is ours on any port. An address is not: 127.0.0.1 on any port would make every
    // phone on the machine "myself", and in-dialog requests to them would not be routed on. The
    // listening sockets already make the address ours on its own ports.
    DOMAIN_ALIAS: isIP(config.sipDomain) ? '# the domain is the listening address: no alias' : `alias="${config.sipDomain}"`,
    SIP_ADDR: config.sipAddr,
    SIP_PORT: config.sipPort,
    WS_PORT: config.wsPort,
    MODULES_DIR: config.kamailioModulesDir,
    MAX_WAIT_MS: config.maxWaitSec * 1000,
    EVAPI_ADDR: '127.0.0.1',
    EVAPI_PORT: config.evapiPort,
    RTPENGINE_ADDR: '127.0.0.1',
    RTPENGINE_PORT: config.rtpenginePort,
    SERVICE_NUMBER: config.serviceNumber,
    SIP_SECRET: config.sipSecret ?? '',
  };
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`kamailio.cfg names an unknown setting ${whole}`);
    return String(values[name]);
  });
  const defines = [...(config.media === 'rtpengine' ? ['WITH_MEDIA'] : []), ...(config.sipSecret ? ['WITH_AUTH'] : [])];
  return `${defines.map((name) => `#!define ${name}\n`).join('')}${rendered}`;
}

/** Pings rtpengine's control port until it answers, or fails after `timeoutMs`. */
export async function rtpenginePong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await rtpengineCommand(port, { command: 'ping' }, 100).catch(() => null);
    if (answer?.result === 'pong') return;
    if (Date.now() > deadline) throw new Error(`rtpengine did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
  }
}

/**
 * Runs Kamailio (and rtpengine, for media) as children of apps/voice, in the foreground, their
 * output prefixed into apps/voice's own. They are ours: when apps/voice stops, they stop; when one
 * of them dies, `onExit` says so and apps/voice stops too (a supervisor restarts the whole edge).
 */
export class EdgeProcesses {
  private readonly children: ChildProcess[] = [];
  readonly runDir: string;

  constructor(
    private readonly config: VoiceConfig,
    private readonly onExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void,
    private readonly output: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.runDir = config.runDir ?? mkdtempSync(join(tmpdir(), 'fc-voice-'));
    mkdirSync(this.runDir, { recursive: true });
  }

  /** What is missing to run the edge: the Debian packages `npm run voice:install` installs. */
  static missing(config: VoiceConfig): string[] {
    const needed = [config.kamailioBin, ...(config.media === 'rtpengine' ? [config.rtpengineBin] : [])];
    return needed.filter((path) => !existsSync(path));
  }

  /** Starts rtpengine first and waits for it: Kamailio pings it once at start and leaves it out for a minute if it does not answer. */
  async start(): Promise<void> {
    if (this.config.media === 'rtpengine') {
      this.startRtpengine();
      await rtpenginePong(this.config.rtpenginePort);
    }
    const cfg = join(this.runDir, 'kamailio.cfg');
    // It may hold the SIP secret: readable by this user only.
    writeFileSync(cfg, renderKamailioConfig(this.config), { mode: 0o600 });
    this.spawn('kamailio', this.config.kamailioBin, ['-DD', '-E', '-f', cfg, '-Y', this.runDir, '-m', '128', '-M', '16']);
  }

  private startRtpengine(): void {
    const { min, max } = this.config.rtpPorts;
    this.spawn('rtpengine', this.config.rtpengineBin, [
      // Not Debian's /etc/rtpengine/rtpengine.conf: its fixed CLI and HTTP ports (2224, 2225) would
      // keep a second edge on the machine from starting. Everything the edge needs is given here.
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      '--no-fallback',
      '--table=-1',
      `--interface=${this.config.sipAddr}`,
      `--listen-ng=127.0.0.1:${this.config.rtpenginePort}`,
      `--port-min=${min}`,
      `--port-max=${max}`,
      '--log-level=5',
      `--pidfile=${join(this.runDir, 'rtpengine.pid')}`,
    ]);
  }

  private spawn(name: string, command: string, args: string[]): void {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.output(`[${name}] ${line}`);
      });
    }
    child.on('exit', (code, signal) => {
      const index = this.children.indexOf(child);
      if (index >= 0) this.children.splice(index, 1);
      this.onExit(name, code, signal);
    });
    this.children.push(child);
  }

  /** Stops the children, SIGTERM first, SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    const running = [...this.children];
    this.children.length = 0;
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
            child.removeAllListeners('exit');
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
