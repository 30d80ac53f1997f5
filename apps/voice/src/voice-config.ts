import { ConfigError } from '@fc/config';
import { z } from 'zod';

const port = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int({ error: `${name} must be a port number` })
    .min(1, { error: `${name} must be a port number` })
    .max(65535, { error: `${name} must be a port number` })
    .default(fallback);
const positive = (name: string, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(1)
    .max(max, { error: `${name} must be at most ${max}` })
    .default(fallback);

/** `1=passport,2=firearms`: a digit after the service number (02800*1) to the topic it chooses. */
/** The demo's topics in the order of its IVR (DESIGN §3). */
const DEFAULT_MENU = '1=passport,2=firearms,3=lost_property,4=report_offence,5=case_status,6=tips,7=foreigners,8=driving_licence,9=police_certificate,0=other';
const menu = z
  .string()
  .default(DEFAULT_MENU)
  .transform((value, context) => {
    const entries = new Map<string, string>();
    for (const part of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^(\d{1,3})=([a-z0-9_]+)$/.exec(part);
      if (!match) {
        context.addIssue({ code: 'custom', message: `VOICE_MENU entry "${part}" must look like 1=passport` });
        return z.NEVER;
      }
      entries.set(match[1]!, match[2]!);
    }
    return entries;
  });

const schema = z.object({
  API_URL: z.url({ error: 'API_URL must be a URL (the api the edge reports to)' }).default('http://127.0.0.1:3000'),
  TELEPHONY_API_KEY: z.string().min(1).default('dev-telephony-key'),
  TELEPHONY_WEBHOOK_SECRET: z
    .string({ error: 'TELEPHONY_WEBHOOK_SECRET is required: the worker signs the platform events with it' })
    .min(16, { error: 'TELEPHONY_WEBHOOK_SECRET must be at least 16 characters' }),
  VOICE_WEBHOOK_PORT: port('VOICE_WEBHOOK_PORT', 3003),
  VOICE_WEBHOOK_HOST: z.string().default('127.0.0.1'),
  VOICE_SIP_ADDR: z.ipv4({ error: 'VOICE_SIP_ADDR must be an IPv4 address' }).default('127.0.0.1'),
  VOICE_SIP_PORT: port('VOICE_SIP_PORT', 5060),
  VOICE_WS_PORT: port('VOICE_WS_PORT', 5066),
  VOICE_SIP_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, { error: 'VOICE_SIP_DOMAIN must be a host name or address' })
    .optional(),
  VOICE_SERVICE_NUMBER: z
    .string()
    .regex(/^\d{2,15}$/, { error: 'VOICE_SERVICE_NUMBER must be digits' })
    .default('02800'),
  VOICE_EVAPI_PORT: port('VOICE_EVAPI_PORT', 8448),
  VOICE_RTPENGINE_PORT: port('VOICE_RTPENGINE_PORT', 2223),
  VOICE_RTP_PORT_MIN: port('VOICE_RTP_PORT_MIN', 30000),
  VOICE_RTP_PORT_MAX: port('VOICE_RTP_PORT_MAX', 30999),
  VOICE_MEDIA: z.enum(['rtpengine', 'none'], { error: 'VOICE_MEDIA must be rtpengine or none' }).default('rtpengine'),
  VOICE_MAX_WAIT_SEC: positive('VOICE_MAX_WAIT_SEC', 86_400, 3600),
  VOICE_RING_MARGIN_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  VOICE_TRANSFER_RING_SEC: positive('VOICE_TRANSFER_RING_SEC', 600, 30),
  VOICE_MOVE_WAIT_SEC: positive('VOICE_MOVE_WAIT_SEC', 120, 15),
  VOICE_SIP_SECRET: z.string().min(32, { error: 'VOICE_SIP_SECRET must be at least 32 characters (the api issues SIP credentials with it)' }).optional(),
  VOICE_TRUNK: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/, { error: 'VOICE_TRUNK must be host or host:port (callbacks are dialled as sip:<number>@VOICE_TRUNK)' })
    .optional(),
  VOICE_DIAL_RING_SEC: positive('VOICE_DIAL_RING_SEC', 300, 30),
  VOICE_MENU: menu,
  VOICE_DEFAULT_TOPIC: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .default('other'),
  VOICE_DEFAULT_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .default('nb'),
  VOICE_RUN_DIR: z.string().optional(),
  VOICE_KAMAILIO_DEBUG: z.coerce.number().int().min(-5).max(3).default(1),
  KAMAILIO_BIN: z.string().default('/usr/sbin/kamailio'),
  RTPENGINE_BIN: z.string().default('/usr/bin/rtpengine'),
  KAMAILIO_MODULES_DIR: z.string().default('/usr/lib/x86_64-linux-gnu/kamailio/modules/'),
});

/** The voice edge's settings (docs/voice-edge.md), from the environment. */
export class VoiceConfig {
  private constructor(private readonly values: z.infer<typeof schema>) {}

  static fromEnvironment(env: NodeJS.ProcessEnv): VoiceConfig {
    const parsed = schema.safeParse(env);
    if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '')}: ${issue.message}`));
    const v = parsed.data;
    if (v.VOICE_RTP_PORT_MIN > v.VOICE_RTP_PORT_MAX) throw new ConfigError(['VOICE_RTP_PORT_MIN must not be above VOICE_RTP_PORT_MAX']);
    return new VoiceConfig(v);
  }

  static fromProcessOrExit(): VoiceConfig {
    try {
      return VoiceConfig.fromEnvironment(process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
  }

  get apiUrl(): string {
    return this.values.API_URL.replace(/\/$/, '');
  }
  get telephonyApiKey(): string {
    return this.values.TELEPHONY_API_KEY;
  }
  get webhookSecret(): string {
    return this.values.TELEPHONY_WEBHOOK_SECRET;
  }
  get webhookPort(): number {
    return this.values.VOICE_WEBHOOK_PORT;
  }
  /** Where the webhook listens: loopback, unless the worker posts from another host (docker compose's voice profile). */
  get webhookHost(): string {
    return this.values.VOICE_WEBHOOK_HOST;
  }
  get sipAddr(): string {
    return this.values.VOICE_SIP_ADDR;
  }
  get sipPort(): number {
    return this.values.VOICE_SIP_PORT;
  }
  get wsPort(): number {
    return this.values.VOICE_WS_PORT;
  }
  /** The domain agents register under (sip:agent37@<domain>); the SIP address unless set. */
  get sipDomain(): string {
    return this.values.VOICE_SIP_DOMAIN ?? this.values.VOICE_SIP_ADDR;
  }
  get serviceNumber(): string {
    return this.values.VOICE_SERVICE_NUMBER;
  }
  get evapiPort(): number {
    return this.values.VOICE_EVAPI_PORT;
  }
  get rtpenginePort(): number {
    return this.values.VOICE_RTPENGINE_PORT;
  }
  get rtpPorts(): { min: number; max: number } {
    return { min: this.values.VOICE_RTP_PORT_MIN, max: this.values.VOICE_RTP_PORT_MAX };
  }
  get media(): 'rtpengine' | 'none' {
    return this.values.VOICE_MEDIA;
  }
  get maxWaitSec(): number {
    return this.values.VOICE_MAX_WAIT_SEC;
  }
  /** How long before the offer expires the edge stops ringing the agent's phone, so the phone never outlives the offer. */
  get ringMarginMs(): number {
    return this.values.VOICE_RING_MARGIN_MS;
  }
  /** How long a call transferred to an agent rings their phone (a transfer has no offer to time it by). */
  get transferRingMs(): number {
    return this.values.VOICE_TRANSFER_RING_SEC * 1000;
  }
  /** How long a caller referred back to the edge by a transfer has to call it before they count as gone. */
  get moveWaitMs(): number {
    return this.values.VOICE_MOVE_WAIT_SEC * 1000;
  }
  /** The secret SIP credentials are checked with (shared with the api); null: registrations need none. */
  get sipSecret(): string | null {
    return this.values.VOICE_SIP_SECRET ?? null;
  }
  /** Where callbacks are dialled (`sip:<number>@<trunk>`); null: callbacks are not dialled by the edge. */
  get trunk(): string | null {
    return this.values.VOICE_TRUNK ?? null;
  }
  /** How long a callback's caller's phone rings before the dial counts as not answered. */
  get dialRingMs(): number {
    return this.values.VOICE_DIAL_RING_SEC * 1000;
  }
  get menu(): ReadonlyMap<string, string> {
    return this.values.VOICE_MENU;
  }
  get defaultTopic(): string {
    return this.values.VOICE_DEFAULT_TOPIC;
  }
  get defaultLanguage(): string {
    return this.values.VOICE_DEFAULT_LANGUAGE;
  }
  get runDir(): string | undefined {
    return this.values.VOICE_RUN_DIR;
  }
  get kamailioDebug(): number {
    return this.values.VOICE_KAMAILIO_DEBUG;
  }
  get kamailioBin(): string {
    return this.values.KAMAILIO_BIN;
  }
  get rtpengineBin(): string {
    return this.values.RTPENGINE_BIN;
  }
  get kamailioModulesDir(): string {
    return this.values.KAMAILIO_MODULES_DIR;
  }
}
