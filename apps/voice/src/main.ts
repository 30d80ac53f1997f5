import { PlatformWebhook } from '@fc/platform-receiver';
import { pino } from 'pino';
import { EdgeProcesses } from './edge-processes.js';
import { EvapiConnection } from './evapi-connection.js';
import { TelephonyApi } from './telephony-api.js';
import { VoiceCalls } from './voice-calls.js';
import { VoiceConfig } from './voice-config.js';

/*
 * The voice edge (DESIGN §12, docs/voice-edge.md): Kamailio (and rtpengine) as children, the evapi
 * line to Kamailio, and the webhook First Contact's worker posts the platform events to.
 */
const config = VoiceConfig.fromProcessOrExit();
const log = pino({ name: 'voice', level: process.env.LOG_LEVEL ?? 'info' });

const missing = EdgeProcesses.missing(config);
if (missing.length) {
  process.stderr.write(`The voice edge needs ${missing.join(' and ')}: run "sudo npm run voice:install" (Debian's kamailio and rtpengine packages).\n`);
  process.exit(1);
}

let stopping = false;
const edge = new EdgeProcesses(config, (name, code, signal) => {
  if (stopping) return;
  log.error({ process: name, code, signal }, 'an edge process stopped: stopping the voice edge');
  void stop(1);
});
const evapi = new EvapiConnection('127.0.0.1', config.evapiPort, (reason) => log.warn({ reason }, 'a message from the edge was not understood'));
const calls = new VoiceCalls(
  new TelephonyApi(config.apiUrl, config.telephonyApiKey, {
    // Once per report and a few times after: not every 10 s for a day.
    onRetry: (path, attempt, reason) => {
      if (attempt <= 3) log.warn({ route: path.replace(/[0-9a-f-]{36}/, ':id'), attempt, reason }, 'the api did not take a report: trying again');
    },
  }),
  evapi,
  {
    rules: { serviceNumber: config.serviceNumber, menu: config.menu, defaultTopic: config.defaultTopic, defaultLanguage: config.defaultLanguage },
    sipDomain: config.sipDomain,
    ringMarginMs: config.ringMarginMs,
    transferRingMs: config.transferRingMs,
    moveWaitMs: config.moveWaitMs,
    trunk: config.trunk,
    dialRingMs: config.dialRingMs,
  },
  log,
);
const webhook = new PlatformWebhook(config.webhookPort, config.webhookSecret, (event) => void calls.fromPlatform(event), config.webhookHost);

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  evapi.close();
  await Promise.allSettled([webhook.stop(), edge.stop()]);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

if (!config.sipSecret) log.warn({ sip: `${config.sipAddr}:${config.sipPort}` }, 'VOICE_SIP_SECRET is not set: any phone that reaches the edge registers as any agent (keep it on loopback)');
await edge.start();
evapi.on('message', (message) => void calls.fromEdge(message));
evapi.on('lost', () => {
  if (stopping) return;
  log.error({ calls: calls.active }, 'the line to Kamailio dropped: the calls it held are reported hung up');
  void calls.edgeLost();
});
await evapi.open();
await webhook.start();
log.info(
  {
    sip: `sip:${config.serviceNumber}@${config.sipAddr}:${config.sipPort}`,
    websocket: `ws://${config.sipAddr}:${config.wsPort}`,
    webhook: `http://${config.webhookHost}:${config.webhookPort}/platform-events`,
    media: config.media,
  },
  'voice edge ready',
);
