#!/usr/bin/env node
// `npm start`: the product on this machine in one command. Builds, creates the database if it is
// missing, migrates, seeds the demo data, starts the api and the worker, then the live simulator
// (simulated callers and the 40 demo agents, so the floor is busy at once), and prints where to go.
// `npm start -- --api-only`: the same without simulated traffic.
// `npm start -- --voice`: the voice edge (apps/voice: Kamailio, rtpengine) beside them, so a SIP phone
// can ring 02800 and an agent answer in the console; no simulated traffic (its bots have no phones).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ensureDependencies } from './machine.mjs';

const FLAGS = {
  '--api-only': 'the api and the worker without simulated traffic',
  '--voice': 'the voice edge too (Kamailio, rtpengine: sudo npm run voice:install), without simulated traffic',
};
const flags = process.argv.slice(2);
const unknown = flags.filter((flag) => !(flag in FLAGS) && flag !== '--help');
if (unknown.length || flags.includes('--help')) {
  process.stderr.write(`${unknown.length ? `unknown option: ${unknown.join(' ')}\n` : ''}usage: npm start [-- --api-only | --voice]\n  --api-only   ${FLAGS['--api-only']}\n  --voice      ${FLAGS['--voice']}\n`);
  process.exit(unknown.length ? 2 : 0);
}
const apiOnly = flags.includes('--api-only');
const voice = flags.includes('--voice');
if (voice) {
  const missing = ['/usr/sbin/kamailio', '/usr/bin/rtpengine'].filter((path) => !existsSync(path));
  if (missing.length) {
    process.stderr.write(`--voice needs ${missing.join(' and ')}: install Debian's packages with "sudo npm run voice:install" first.\n`);
    process.exit(1);
  }
}

/*
 * The demo's traffic: the demo day from its busiest hour (11:00) at ×5 — a caller every three
 * seconds or so, talks of about a minute, wrap-ups of about ten seconds — so calls queue, ring,
 * connect and finish within seconds of the start, at a load this machine hardly notices. The
 * simulator plays agent01…agent36 and leaves agent37…agent40 (one in each team) to whoever signs
 * in to take calls; at 65 % of the day's volume (about 230 calls an hour at 11:00) those of the 36
 * on duty are about three quarters busy, so callers rarely wait long. The day loops (the night is
 * skipped) for as long as the product runs.
 */
const SIM_SCALE = 5;
const SIM_AGENTS = 36;
const SIM_VOLUME = 0.65;

const step = (title, command, args) => {
  process.stdout.write(`\n▶ ${title}\n`);
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    process.stderr.write(`\n✖ ${title} failed. Is PostgreSQL answering on DATABASE_URL and Redis on REDIS_URL? See README.md, "Your own PostgreSQL and Redis".\n`);
    process.exit(status ?? 1);
  }
};

ensureDependencies();
step('building (tsc -b)', 'npm', ['run', 'build', '--silent']);
// Config is validated only after the build, by the same code the services use.
const { AppConfig } = await import('@fc/config');
const config = AppConfig.fromProcessOrExit();
step('creating the database if missing, and migrating', process.execPath, ['apps/db/dist/migrate.js']);
step('seeding the demo data', process.execPath, ['apps/db/dist/seed.js']);

// Simulated traffic is for a developer's machine, never for a production database.
const simulate = !apiOnly && !voice && config.env !== 'production';
// The simulator's requests would flood the terminal with the api's request log: keep to warnings unless asked.
const quietServices = simulate && process.env.LOG_LEVEL === undefined;
/*
 * The simulator plays the telephony platform with a webhook, as a platform in production does:
 * it listens on 127.0.0.1 beside the worker's health port, and the worker is told to POST the
 * platform events there, signed with a secret made for this start (or the one in the environment),
 * which the simulator is given in its environment too. A webhook of your own (TELEPHONY_WEBHOOK_URL
 * set) keeps its events: the simulator then reads the replay feed instead.
 */
const simWebhook = simulate && !config.telephonyWebhookUrl;
const simWebhookPort = config.port + 2;
const simWebhookEnv = simWebhook
  ? {
      TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${simWebhookPort}/platform-events`,
      TELEPHONY_WEBHOOK_SECRET: process.env.TELEPHONY_WEBHOOK_SECRET ?? randomBytes(24).toString('hex'),
    }
  : {};
/*
 * With --voice the edge is the telephony platform: the worker POSTs the platform events to its
 * webhook (PORT + 3), only agents with a phone are offered calls, and the console's softphone
 * registers at the edge's WebSocket. SIP on VOICE_SIP_ADDR:VOICE_SIP_PORT (127.0.0.1:5060).
 */
const voicePorts = { webhook: config.port + 3, sip: Number(process.env.VOICE_SIP_PORT ?? 5060), ws: Number(process.env.VOICE_WS_PORT ?? 5066) };
const voiceSipAddr = process.env.VOICE_SIP_ADDR ?? '127.0.0.1';
const voiceDomain = process.env.VOICE_SIP_DOMAIN ?? voiceSipAddr;
const voiceEnv = voice
  ? {
      TELEPHONY_WEBHOOK_URL: `http://127.0.0.1:${voicePorts.webhook}/platform-events`,
      TELEPHONY_WEBHOOK_SECRET: process.env.TELEPHONY_WEBHOOK_SECRET ?? randomBytes(24).toString('hex'),
      TELEPHONY_REQUIRE_ENDPOINTS: 'true',
      VOICE_SOFTPHONE_WS_URL: `ws://${voiceSipAddr}:${voicePorts.ws}`,
      VOICE_SIP_DOMAIN: voiceDomain,
      // The api issues the softphones' SIP credentials with it, the edge checks them (decision 0047).
      VOICE_SIP_SECRET: process.env.VOICE_SIP_SECRET ?? randomBytes(24).toString('hex'),
    }
  : {};
const serviceEnv = { ...process.env, ...(quietServices ? { LOG_LEVEL: 'warn' } : {}), ...simWebhookEnv, ...voiceEnv };

const children = new Map();
const prefixed = (name, stream, out) => {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
};
let stopping = false;
const start = (name, args, { essential = true, env = serviceEnv } = {}) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  prefixed(name, child.stdout, process.stdout);
  prefixed(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    if (!essential) {
      process.stderr.write(`\n✖ ${name} stopped (${signal ?? `exit ${code}`}); the api and the worker keep running.\n`);
      return;
    }
    process.stderr.write(`\n✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.\n`);
    stop(code || 1);
  });
  children.set(name, child);
};
const exited = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
/**
 * Ctrl-C reaches every process of the terminal's group at once, so on SIGINT the children get a
 * moment to stop by themselves; anything still running (or everything, on SIGTERM) is told to.
 */
const stop = (code = 0, graceMs = 0) => {
  if (stopping) return;
  stopping = true;
  const running = [...children.values()];
  setTimeout(() => running.forEach((child) => child.exitCode === null && child.kill('SIGTERM')), graceMs).unref();
  setTimeout(() => process.exit(code), graceMs + 10_000).unref();
  Promise.all(running.map(exited)).then(() => process.exit(code));
};
process.on('SIGINT', () => stop(0, 1500));
process.on('SIGTERM', () => stop(0));

start('api', ['apps/api/dist/main.js']);
// The worker's health listener sits beside the api's port (3001 by default), so two products started
// on different ports (PORT) do not fight over it.
const workerHealthPort = process.env.WORKER_HEALTH_PORT ? config.workerHealthPort : config.port + 1;
start('worker', ['apps/worker/dist/main.js'], { env: { ...serviceEnv, WORKER_HEALTH_PORT: String(workerHealthPort) } });

if (voice) {
  start('voice', ['apps/voice/dist/main.js'], {
    essential: false,
    env: { ...serviceEnv, API_URL: `http://127.0.0.1:${config.port}`, TELEPHONY_API_KEY: config.telephonyApiKey, VOICE_WEBHOOK_PORT: String(voicePorts.webhook), VOICE_SIP_ADDR: voiceSipAddr, VOICE_SIP_PORT: String(voicePorts.sip), VOICE_WS_PORT: String(voicePorts.ws) },
  });
}

const base = `http://localhost:${config.port}`;
let ready = false;
for (let i = 0; i < 100 && !ready && !stopping; i++) {
  ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
  if (!ready) await new Promise((resolve) => setTimeout(resolve, 300));
}
if (!ready) {
  process.stderr.write(`\n✖ the api did not become ready at ${base}/health/ready; stopping.\n`);
  stop(1);
} else {
  const secret = (value, name) => (config.env === 'production' ? `(${name})` : value);
  process.stdout.write(`
────────────────────────────────────────────────────────────────────────
 First Contact is running
   Console        ${base}/  (sign in; the view follows the role: supervisor's live
                  wall, agent's workspace, quality lead's reviews, administration)
   API            ${base}/api
   API docs       ${base}/api/docs
   Health         ${base}/health/ready${workerHealthPort ? ` · worker http://localhost:${workerHealthPort}/health/ready` : ''}

 Logins (password: ${secret(config.demoPassword, 'DEMO_PASSWORD')})
   agents         agent01 … agent40
   supervisor     super01
   quality lead   quality01
   administrator  admin

 Telephony platform: header x-api-key: ${secret(config.telephonyApiKey, 'TELEPHONY_API_KEY')}
   curl -X POST ${base}/api/telephony/calls -H 'content-type: application/json' \\
        -H 'x-api-key: ${secret(config.telephonyApiKey, '…')}' \\
        -d '{"externalId":"demo-1","callerNumber":"+4791234567","topicKey":"passport","language":"nb"}'

${
  simulate
    ? ` Simulated traffic: the 02800 demo day from 11:00 at ×${SIM_SCALE}; the callers and agent01 … agent${SIM_AGENTS}
   are played by the simulator ([sim], a progress line every 30 s), which is also the telephony platform:
   it hears the platform events ${simWebhook ? `on its webhook, http://127.0.0.1:${simWebhookPort}/platform-events` : 'from the replay feed (your TELEPHONY_WEBHOOK_URL keeps the webhook)'},
   and dials callbacks when an agent accepts one. agent${SIM_AGENTS + 1} … agent40 are
   yours: sign in to the console as one of them and take calls alongside the bots.
   npm start -- --api-only runs without it.${quietServices ? '\n   The api and worker log warnings only (LOG_LEVEL=info to see more).' : ''}`
    : voice
      ? ` Voice edge ([voice]): ring sip:02800@${voiceSipAddr}:${voicePorts.sip} from any SIP phone on this machine, e.g.
     baresip -e '/dial sip:02800*1@${voiceSipAddr}:${voicePorts.sip}'      (*1 passport, *2 firearms … see docs/voice-edge.md)
   and answer in the console as an agent: its softphone registers sip:<username>@${voiceDomain} at
   ws://${voiceSipAddr}:${voicePorts.ws} (allow the microphone). Only agents with a phone are offered calls;
   no simulated traffic with --voice (its bots have no phones).`
      : ` No simulated traffic${apiOnly ? ' (--api-only)' : ' in production'}. Play some with: npm run simulate -- live --help`
}
 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────
`);
  if (simulate) {
    start(
      'sim',
      [
        'apps/simulator/dist/main.js', 'live',
        '--api', base,
        '--scale', String(SIM_SCALE),
        '--agents', String(SIM_AGENTS),
        '--volume', String(SIM_VOLUME),
        '--loop',
        '--quick-stop',
        '--telephony-key', config.telephonyApiKey,
        '--password', config.demoPassword,
        '--progress-every', '30',
        '--platform-events', simWebhook ? 'webhook' : 'feed',
        '--webhook-port', String(simWebhookPort),
      ],
      { essential: false, env: { ...process.env, ...simWebhookEnv } },
    );
  }
}
