import { isIP } from 'node:net';
import { z } from 'zod';

/** Raised when the environment is missing or has bad variables; one line per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/first_contact',
  JWT_SECRET: 'dev-only-jwt-secret-change-me-in-production',
  TELEPHONY_API_KEY: 'dev-telephony-key',
  CALLER_KEY_PEPPER: 'dev-only-caller-key-pepper',
} as const;

const urlWithProtocol = (name: string, protocols: readonly string[]) =>
  z.string({ error: `${name} is required` }).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const integer = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` })
    .default(fallback);

const fraction = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number between 0 and 1` })
    .min(0, { error: `${name} must be between 0 and 1` })
    .max(1, { error: `${name} must be between 0 and 1` })
    .default(fallback);

/** A comma-separated list, each entry trimmed, empty ones dropped. */
const commaList = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

/** `true` or `false`, nothing else: a typo must not quietly mean the default. */
const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: `${name} must be true or false` })
    .transform((value) => value === 'true')
    .default(fallback);

const secret = (name: string, minLength: number) => z.string({ error: `${name} is required` }).min(minLength, { error: `${name} must be at least ${minLength} characters` });

/** An IP address, or a CIDR range `address/bits`. */
function isProxyAddress(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

function schemaFor(production: boolean) {
  // Outside production every secret has a local default so a developer machine starts as is.
  const orDefault = <T extends z.ZodType>(schema: T, fallback: string) => (production ? schema : schema.default(fallback as never));
  return (
    z
      .object({
        NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'NODE_ENV must be development, test or production' }).default('development'),
        DATABASE_URL: orDefault(urlWithProtocol('DATABASE_URL', ['postgres:', 'postgresql:']), DEV_DEFAULTS.DATABASE_URL),
        DATABASE_POOL_SIZE: integer('DATABASE_POOL_SIZE', 2, 200, 10),
        REDIS_URL: urlWithProtocol('REDIS_URL', ['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
        REDIS_PREFIX: z
          .string()
          .regex(/^[a-zA-Z0-9:_-]{1,64}$/, { error: 'REDIS_PREFIX must be 1-64 letters, digits, ":", "_" or "-"' })
          .default('fc'),
        PORT: integer('PORT', 1, 65535, 3000),
        LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
        JWT_SECRET: orDefault(secret('JWT_SECRET', 32), DEV_DEFAULTS.JWT_SECRET),
        JWT_TTL_SEC: integer('JWT_TTL_SEC', 60, 86_400, 8 * 3600),
        LOGIN_FAILURE_WINDOW_SEC: integer('LOGIN_FAILURE_WINDOW_SEC', 60, 86_400, 15 * 60),
        LOGIN_ACCOUNT_MAX_FAILURES: integer('LOGIN_ACCOUNT_MAX_FAILURES', 3, 1000, 10),
        LOGIN_ACCOUNT_BLOCK_SEC: integer('LOGIN_ACCOUNT_BLOCK_SEC', 1, 900, 60),
        LOGIN_ACCOUNT_MAX_BLOCK_SEC: integer('LOGIN_ACCOUNT_MAX_BLOCK_SEC', 1, 3600, 15 * 60),
        LOGIN_ADDRESS_MAX_FAILURES: integer('LOGIN_ADDRESS_MAX_FAILURES', 10, 100_000, 100),
        LOGIN_ADDRESS_BLOCK_SEC: integer('LOGIN_ADDRESS_BLOCK_SEC', 1, 3600, 5 * 60),
        TELEPHONY_API_KEY: orDefault(secret('TELEPHONY_API_KEY', 16), DEV_DEFAULTS.TELEPHONY_API_KEY),
        CALLER_KEY_PEPPER: orDefault(secret('CALLER_KEY_PEPPER', 16), DEV_DEFAULTS.CALLER_KEY_PEPPER),
        DEMO_PASSWORD: z.string().min(8, { error: 'DEMO_PASSWORD must be at least 8 characters' }).default('demo1234'),
        OFFER_TIMEOUT_SEC: integer('OFFER_TIMEOUT_SEC', 3, 300, 15),
        WRAP_UP_TIMEOUT_SEC: integer('WRAP_UP_TIMEOUT_SEC', 5, 3600, 120),
        ROUTING_TICK_MS: integer('ROUTING_TICK_MS', 100, 60_000, 2000),
        CONSOLE_LOST_GRACE_SEC: integer('CONSOLE_LOST_GRACE_SEC', 1, 120, 5),
        TRANSFER_PRIORITY_BOOST: integer('TRANSFER_PRIORITY_BOOST', 0, 1000, 10),
        DEFAULT_HANDLE_SEC: integer('DEFAULT_HANDLE_SEC', 10, 7200, 300),
        CALLER_NUMBER_DEFAULT_REGION: z
          .string()
          .regex(/^[A-Z]{2}$/, { error: 'CALLER_NUMBER_DEFAULT_REGION must be a two-letter country code' })
          .default('NO'),
        ALLOWED_ORIGINS: commaList()
          .refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), { error: 'ALLOWED_ORIGINS must be a comma-separated list of origins like https://console.example' })
          .default(production ? [] : ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173']),
        TRUSTED_PROXIES: commaList()
          .refine((entries) => entries.every(isProxyAddress), { error: 'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges like 10.0.0.0/8' })
          .default([]),
        LONG_WAIT_ALERT_SEC: integer('LONG_WAIT_ALERT_SEC', 10, 3600, 120),
        METRICS_TICK_SEC: integer('METRICS_TICK_SEC', 1, 300, 5),
        REPEAT_WINDOW_DAYS: integer('REPEAT_WINDOW_DAYS', 1, 90, 7),
        EFFECT_WINDOW_DAYS: integer('EFFECT_WINDOW_DAYS', 1, 365, 28),
        EFFECT_MIN_COUNT: integer('EFFECT_MIN_COUNT', 1, 1_000_000, 100),
        EFFECT_REFRESH_SEC: integer('EFFECT_REFRESH_SEC', 1, 7 * 86_400, 3_600),
        METRICS_TIME_ZONE: z
          .string()
          .refine(
            (zone) => {
              try {
                new Intl.DateTimeFormat('en', { timeZone: zone });
                return true;
              } catch {
                return false;
              }
            },
            { error: 'METRICS_TIME_ZONE must be an IANA time zone such as Europe/Oslo' },
          )
          .default('Europe/Oslo'),
        PUBLIC_BASE_URL: urlWithProtocol('PUBLIC_BASE_URL', ['http:', 'https:']).default('http://localhost:3000'),
        LONG_ABANDON_SEC: integer('LONG_ABANDON_SEC', 5, 3600, 60),
        CALLBACK_MAX_ATTEMPTS: integer('CALLBACK_MAX_ATTEMPTS', 1, 10, 3),
        CALLBACK_RETRY_MIN: integer('CALLBACK_RETRY_MIN', 1, 1440, 10),
        CALLBACK_DIAL_TIMEOUT_SEC: integer('CALLBACK_DIAL_TIMEOUT_SEC', 15, 600, 120),
        QUALITY_SAMPLE_RATE: fraction('QUALITY_SAMPLE_RATE', 0.02),
        CASE_HANDOVER_DUE_HOURS: integer('CASE_HANDOVER_DUE_HOURS', 1, 720, 72),
        QUALITY_REVIEW_DUE_DAYS: integer('QUALITY_REVIEW_DUE_DAYS', 1, 90, 7),
        LEADER_CONVERSATION_DUE_DAYS: integer('LEADER_CONVERSATION_DUE_DAYS', 1, 90, 5),
        RECORD_OUTCOME_DUE_MIN: integer('RECORD_OUTCOME_DUE_MIN', 5, 10_080, 120),
        FOLLOW_UP_REMINDER_BEFORE_MIN: integer('FOLLOW_UP_REMINDER_BEFORE_MIN', 1, 10_080, 60),
        IMPROVEMENT_ACTION_REMINDER_BEFORE_HOURS: integer('IMPROVEMENT_ACTION_REMINDER_BEFORE_HOURS', 1, 2160, 48),
        FOLLOW_UP_SWEEP_SEC: integer('FOLLOW_UP_SWEEP_SEC', 1, 3600, 30),
        OUTBOX_POLL_MS: integer('OUTBOX_POLL_MS', 50, 60_000, 500),
        OUTBOX_RECHECK_SEC: integer('OUTBOX_RECHECK_SEC', 1, 3600, 60),
        JOB_LOCK_MS: integer('JOB_LOCK_MS', 1000, 600_000, 30_000),
        FEEDBACK_TOKEN_TTL_HOURS: integer('FEEDBACK_TOKEN_TTL_HOURS', 1, 720, 72),
        LEADER_INVITATION_TTL_DAYS: integer('LEADER_INVITATION_TTL_DAYS', 1, 60, 14),
        FEEDBACK_RATE_LIMIT_PER_MIN: integer('FEEDBACK_RATE_LIMIT_PER_MIN', 1, 10_000, 20),
        PUBLIC_REPORT_DAYS: integer('PUBLIC_REPORT_DAYS', 7, 365, 90),
        PUBLIC_REPORT_CACHE_SEC: integer('PUBLIC_REPORT_CACHE_SEC', 1, 3600, 300),
        CALLER_NUMBER_RETENTION_DAYS: integer('CALLER_NUMBER_RETENTION_DAYS', 1, 3650, 30),
        FEEDBACK_COMMENT_RETENTION_DAYS: integer('FEEDBACK_COMMENT_RETENTION_DAYS', 1, 3650, 180),
        NOTE_RETENTION_DAYS: integer('NOTE_RETENTION_DAYS', 1, 3650, 365),
        SMS_RETENTION_DAYS: integer('SMS_RETENTION_DAYS', 1, 3650, 30),
        ROUTING_ROUND_RETENTION_DAYS: integer('ROUTING_ROUND_RETENTION_DAYS', 1, 3650, 14),
        // At least the 7 days the platform is promised (DESIGN §11), and past the webhook's retry horizon (about a day).
        PLATFORM_EVENTS_RETENTION_DAYS: integer('PLATFORM_EVENTS_RETENTION_DAYS', 7, 3650, 7),
        RETENTION_SWEEP_MIN: integer('RETENTION_SWEEP_MIN', 1, 10_080, 60),
        JOB_SCHEDULE_CHECK_SEC: integer('JOB_SCHEDULE_CHECK_SEC', 1, 3600, 30),
        WORKER_HEALTH_PORT: integer('WORKER_HEALTH_PORT', 0, 65535, 3001),
        METRICS_REPORT_CONCURRENCY: integer('METRICS_REPORT_CONCURRENCY', 1, 32, 1),
        METRICS_REPORT_QUEUE: integer('METRICS_REPORT_QUEUE', 0, 1000, 10),
        METRICS_STATEMENT_TIMEOUT_SEC: integer('METRICS_STATEMENT_TIMEOUT_SEC', 1, 3600, 30),
        METRICS_MAX_ROWS: integer('METRICS_MAX_ROWS', 100, 1_000_000, 50_000),
        SOCKET_MESSAGES_PER_SEC: integer('SOCKET_MESSAGES_PER_SEC', 1, 1000, 10),
        SOCKET_MESSAGE_BURST: integer('SOCKET_MESSAGE_BURST', 1, 10_000, 20),
        TELEPHONY_WEBHOOK_URL: urlWithProtocol('TELEPHONY_WEBHOOK_URL', ['http:', 'https:']).optional(),
        TELEPHONY_WEBHOOK_SECRET: secret('TELEPHONY_WEBHOOK_SECRET', 32).optional(),
        TELEPHONY_WEBHOOK_TIMEOUT_MS: integer('TELEPHONY_WEBHOOK_TIMEOUT_MS', 100, 60_000, 5000),
        TELEPHONY_WEBHOOK_RETRY_BASE_MS: integer('TELEPHONY_WEBHOOK_RETRY_BASE_MS', 10, 600_000, 2000),
        TELEPHONY_REQUIRE_ENDPOINTS: flag('TELEPHONY_REQUIRE_ENDPOINTS', false),
        VOICE_SOFTPHONE_WS_URL: urlWithProtocol('VOICE_SOFTPHONE_WS_URL', ['ws:', 'wss:']).optional(),
        VOICE_SIP_DOMAIN: z
          .string()
          .regex(/^[A-Za-z0-9.-]{1,253}$/, { error: 'VOICE_SIP_DOMAIN must be a host name or address' })
          .optional(),
        VOICE_SIP_SECRET: secret('VOICE_SIP_SECRET', 32).optional(),
      })
      // A webhook nobody can verify would let anyone on the way tell the platform what to do.
      .refine((v) => v.TELEPHONY_WEBHOOK_URL === undefined || v.TELEPHONY_WEBHOOK_SECRET !== undefined, {
        error: 'TELEPHONY_WEBHOOK_SECRET is required when TELEPHONY_WEBHOOK_URL is set',
        path: ['TELEPHONY_WEBHOOK_SECRET'],
      })
      // The softphone needs both where to connect and whose address to register: one alone is a mistake.
      .refine((v) => (v.VOICE_SOFTPHONE_WS_URL === undefined) === (v.VOICE_SIP_DOMAIN === undefined), {
        error: 'VOICE_SOFTPHONE_WS_URL and VOICE_SIP_DOMAIN are set together (the console softphone needs both) or not at all',
        path: ['VOICE_SOFTPHONE_WS_URL'],
      })
  );
}

export type AppConfigValues = z.infer<ReturnType<typeof schemaFor>>;

/** Validated configuration. Nothing else in the code reads `process.env`. */
export class AppConfig {
  readonly env!: AppConfigValues['NODE_ENV'];
  readonly databaseUrl!: string;
  /**
   * Connections in each api and worker process's pool (docs/decisions/0066). A transaction holds
   * one from its BEGIN to its COMMIT, across its round trips, so the pool bounds how many run at
   * once; a request that finds none free waits. An api process also opens one for the change feed
   * and one for routing rounds, beside this pool.
   */
  readonly databasePoolSize!: number;
  readonly redisUrl!: string;
  readonly redisPrefix!: string;
  readonly port!: number;
  readonly logLevel!: AppConfigValues['LOG_LEVEL'];
  readonly jwtSecret!: string;
  readonly jwtTtlSec!: number;
  /** Failed sign-ins count against an account and an address for this long (a sliding window). */
  readonly loginFailureWindowSec!: number;
  /** After this many failed sign-ins in the window an account takes no sign-in for {@link loginAccountBlockSec}. */
  readonly loginAccountMaxFailures!: number;
  /**
   * How long a guessed-at account first waits (429 with Retry-After); each further block in a row
   * doubles it, up to {@link loginAccountMaxBlockSec}. Short, so nobody can lock a colleague out for long.
   */
  readonly loginAccountBlockSec!: number;
  readonly loginAccountMaxBlockSec!: number;
  /** After this many failed sign-ins in the window (any accounts) an address takes no sign-in for {@link loginAddressBlockSec}. */
  readonly loginAddressMaxFailures!: number;
  readonly loginAddressBlockSec!: number;
  readonly telephonyApiKey!: string;
  readonly callerKeyPepper!: string;
  readonly demoPassword!: string;
  readonly offerTimeoutSec!: number;
  readonly wrapUpTimeoutSec!: number;
  readonly routingTickMs!: number;
  /**
   * How long an agent may be without any `/agent` socket (a reload, a network blip) before their
   * console counts as lost: a pending offer is revoked and they are logged off (decision 0023).
   */
  readonly consoleLostGraceSec!: number;
  readonly transferPriorityBoost!: number;
  /** The handle time (talk plus wrap-up) a queue's wait estimate assumes while it has completed no call in the last hour. */
  readonly defaultHandleSec!: number;
  readonly callerNumberDefaultRegion!: string;
  /** Browser origins besides the api's own that may open a socket. */
  readonly allowedOrigins!: readonly string[];
  /**
   * Addresses or CIDR ranges of the reverse proxies in front of the api, whose `X-Forwarded-For`
   * names the client (for the feedback routes' per-address limit). Empty (the default): no proxy
   * is trusted and the client is the connection's own address, loopback included.
   */
  readonly trustedProxies!: readonly string[];
  readonly longWaitAlertSec!: number;
  readonly metricsTickSec!: number;
  /** A contact about the same topic from the same caller key within this many days is a repeat. */
  readonly repeatWindowDays!: number;
  /** The effect of a change is measured over windows this many days long before and after it, unless a request asks otherwise (decision 0039). */
  readonly effectWindowDays!: number;
  /** The smallest denominator each window needs before an effect gets a verdict; under it, "too few calls to tell yet". */
  readonly effectMinCount!: number;
  /** How often the api measures again the effect of done improvement actions whose figures can still move (decision 0038). */
  readonly effectRefreshSec!: number;
  /** Where days and hours of the metrics begin. */
  readonly metricsTimeZone!: string;
  /** Where citizens reach the api, for links sent to them. */
  readonly publicBaseUrl!: string;
  /** A caller with a known number who hangs up after waiting this long is called back. */
  readonly longAbandonSec!: number;
  /** How many times a callback's caller is dialled before a supervisor takes it over. */
  readonly callbackMaxAttempts!: number;
  /** How long after an unanswered dial the callback is tried again. */
  readonly callbackRetryMin!: number;
  /** A dial the platform never reported a result for counts as failed after this long, so the agent is not held forever. */
  readonly callbackDialTimeoutSec!: number;
  /** The share of well-resolved calls sampled for a quality review. */
  readonly qualitySampleRate!: number;
  readonly caseHandoverDueHours!: number;
  readonly qualityReviewDueDays!: number;
  readonly leaderConversationDueDays!: number;
  /** How long an agent has to record the outcome of a call whose wrap-up timed out. */
  readonly recordOutcomeDueMin!: number;
  /** How long before its due time an open follow-up's owner is reminded. */
  readonly followUpReminderBeforeMin!: number;
  readonly followUpSweepSec!: number;
  /** How long before its due time an open improvement action is reminded of (by the follow-up sweep). */
  readonly improvementActionReminderBeforeHours!: number;
  /** How often the relay looks for outbox jobs to put on their queues. */
  readonly outboxPollMs!: number;
  /** How long an enqueued, unfinished job may go before the relay checks Redis still has it. */
  readonly outboxRecheckSec!: number;
  /** A job whose worker stops renewing its lock for this long is run again. */
  readonly jobLockMs!: number;
  readonly feedbackTokenTtlHours!: number;
  /** How long a complainant's invitation to a conversation with a police leader can be answered (its link, and the number kept for it). */
  readonly leaderInvitationTtlDays!: number;
  /** Feedback requests per minute allowed per IP address (views and answers), and answers per minute per link. */
  readonly feedbackRateLimitPerMin!: number;
  /** The public page "what came of it" tells what callers said over this many days (decision 0042). */
  readonly publicReportDays!: number;
  /** Each topic's public report is computed at most once in this many seconds per api process. */
  readonly publicReportCacheSec!: number;
  readonly callerNumberRetentionDays!: number;
  readonly feedbackCommentRetentionDays!: number;
  readonly noteRetentionDays!: number;
  readonly smsRetentionDays!: number;
  readonly routingRoundRetentionDays!: number;
  /**
   * Platform events older than this are deleted once their call has ended (at least 7 days, past
   * any delivery's retries); the replay feed then starts after them.
   */
  readonly platformEventsRetentionDays!: number;
  readonly retentionSweepMin!: number;
  /**
   * How often the worker checks that Redis still has each repeatable job's schedule (the follow-up
   * sweep, the retention purge) and re-creates one that is gone; it also does so whenever its Redis
   * connection comes back.
   */
  readonly jobScheduleCheckSec!: number;
  /** Where the worker answers `/health/live` and `/health/ready`; 0 = no listener. */
  readonly workerHealthPort!: number;
  /**
   * `GET /api/metrics` reports computed at once per api process. They read through their own
   * connection pool (twice this many connections), never the one routing and agents use.
   */
  readonly metricsReportConcurrency!: number;
  /** Reports that may wait for a turn; one more is answered 503 at once. */
  readonly metricsReportQueue!: number;
  /** A report's query running longer is cancelled, and the report answered 503 (narrow the request). */
  readonly metricsStatementTimeoutSec!: number;
  /** The most rows one report may have (groups × intervals); a request that could have more is refused with 400. */
  readonly metricsMaxRows!: number;
  /**
   * What one socket may send (agent actions, anything a supervisor's socket sends): this many
   * messages a second on average, bursts of up to {@link socketMessageBurst}. Beyond it a message is
   * refused with 429 and changes nothing; a person at a console never gets near it.
   */
  readonly socketMessagesPerSec!: number;
  readonly socketMessageBurst!: number;
  /** Where platform events are POSTed (DESIGN §11); null: none are sent, the replay feed still serves them. */
  readonly telephonyWebhookUrl!: string | null;
  /** The HMAC key of the webhook's `x-fc-signature`; set exactly when {@link telephonyWebhookUrl} is. */
  readonly telephonyWebhookSecret!: string | null;
  /** A webhook request not answered within this is a failed delivery, retried. */
  readonly telephonyWebhookTimeoutMs!: number;
  /** The first retry of a failed delivery waits this long; each next one twice as long, up to 10 minutes. */
  readonly telephonyWebhookRetryBaseMs!: number;
  /**
   * The platform rings agents only at their endpoints (DESIGN §11): routing offers no call to an
   * agent without one. Off by default, while endpoints are still being set up.
   */
  readonly telephonyRequireEndpoints!: boolean;
  /**
   * Where the console's softphone opens its SIP WebSocket (the voice edge's, decision 0045); null:
   * no softphone, agents are rung wherever an administrator set their endpoint.
   */
  readonly voiceSoftphoneWsUrl!: string | null;
  /** The SIP domain agents register under at the voice edge (`sip:<username>@<domain>`); set exactly when {@link voiceSoftphoneWsUrl} is. */
  readonly voiceSipDomain!: string | null;
  /**
   * The secret the api shares with the voice edge to issue softphones' SIP credentials (decision
   * 0047); null: the edge registers without credentials (loopback only).
   */
  readonly voiceSipSecret!: string | null;

  static fromEnvironment(env: Record<string, string | undefined>): AppConfig {
    const production = env.NODE_ENV === 'production';
    // An empty variable means "not set", as in most shells' `VAR= cmd`.
    const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
    const parsed = schemaFor(production).safeParse(present);
    if (!parsed.success) {
      const lines = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? 'environment');
        if (!lines.has(name)) lines.set(name, issue.message);
      }
      throw new ConfigError([...lines.values()]);
    }
    const v = parsed.data;
    return Object.assign(new AppConfig(), {
      env: v.NODE_ENV,
      databaseUrl: v.DATABASE_URL,
      databasePoolSize: v.DATABASE_POOL_SIZE,
      redisUrl: v.REDIS_URL,
      redisPrefix: v.REDIS_PREFIX,
      port: v.PORT,
      logLevel: v.LOG_LEVEL,
      jwtSecret: v.JWT_SECRET,
      jwtTtlSec: v.JWT_TTL_SEC,
      loginFailureWindowSec: v.LOGIN_FAILURE_WINDOW_SEC,
      loginAccountMaxFailures: v.LOGIN_ACCOUNT_MAX_FAILURES,
      loginAccountBlockSec: v.LOGIN_ACCOUNT_BLOCK_SEC,
      loginAccountMaxBlockSec: v.LOGIN_ACCOUNT_MAX_BLOCK_SEC,
      loginAddressMaxFailures: v.LOGIN_ADDRESS_MAX_FAILURES,
      loginAddressBlockSec: v.LOGIN_ADDRESS_BLOCK_SEC,
      telephonyApiKey: v.TELEPHONY_API_KEY,
      callerKeyPepper: v.CALLER_KEY_PEPPER,
      demoPassword: v.DEMO_PASSWORD,
      offerTimeoutSec: v.OFFER_TIMEOUT_SEC,
      wrapUpTimeoutSec: v.WRAP_UP_TIMEOUT_SEC,
      routingTickMs: v.ROUTING_TICK_MS,
      consoleLostGraceSec: v.CONSOLE_LOST_GRACE_SEC,
      transferPriorityBoost: v.TRANSFER_PRIORITY_BOOST,
      defaultHandleSec: v.DEFAULT_HANDLE_SEC,
      callerNumberDefaultRegion: v.CALLER_NUMBER_DEFAULT_REGION,
      allowedOrigins: v.ALLOWED_ORIGINS,
      trustedProxies: v.TRUSTED_PROXIES,
      longWaitAlertSec: v.LONG_WAIT_ALERT_SEC,
      metricsTickSec: v.METRICS_TICK_SEC,
      repeatWindowDays: v.REPEAT_WINDOW_DAYS,
      effectWindowDays: v.EFFECT_WINDOW_DAYS,
      effectMinCount: v.EFFECT_MIN_COUNT,
      effectRefreshSec: v.EFFECT_REFRESH_SEC,
      metricsTimeZone: v.METRICS_TIME_ZONE,
      publicBaseUrl: v.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      longAbandonSec: v.LONG_ABANDON_SEC,
      callbackMaxAttempts: v.CALLBACK_MAX_ATTEMPTS,
      callbackRetryMin: v.CALLBACK_RETRY_MIN,
      callbackDialTimeoutSec: v.CALLBACK_DIAL_TIMEOUT_SEC,
      qualitySampleRate: v.QUALITY_SAMPLE_RATE,
      caseHandoverDueHours: v.CASE_HANDOVER_DUE_HOURS,
      recordOutcomeDueMin: v.RECORD_OUTCOME_DUE_MIN,
      qualityReviewDueDays: v.QUALITY_REVIEW_DUE_DAYS,
      leaderConversationDueDays: v.LEADER_CONVERSATION_DUE_DAYS,
      followUpReminderBeforeMin: v.FOLLOW_UP_REMINDER_BEFORE_MIN,
      followUpSweepSec: v.FOLLOW_UP_SWEEP_SEC,
      improvementActionReminderBeforeHours: v.IMPROVEMENT_ACTION_REMINDER_BEFORE_HOURS,
      outboxPollMs: v.OUTBOX_POLL_MS,
      outboxRecheckSec: v.OUTBOX_RECHECK_SEC,
      jobLockMs: v.JOB_LOCK_MS,
      feedbackTokenTtlHours: v.FEEDBACK_TOKEN_TTL_HOURS,
      leaderInvitationTtlDays: v.LEADER_INVITATION_TTL_DAYS,
      feedbackRateLimitPerMin: v.FEEDBACK_RATE_LIMIT_PER_MIN,
      publicReportDays: v.PUBLIC_REPORT_DAYS,
      publicReportCacheSec: v.PUBLIC_REPORT_CACHE_SEC,
      callerNumberRetentionDays: v.CALLER_NUMBER_RETENTION_DAYS,
      feedbackCommentRetentionDays: v.FEEDBACK_COMMENT_RETENTION_DAYS,
      noteRetentionDays: v.NOTE_RETENTION_DAYS,
      smsRetentionDays: v.SMS_RETENTION_DAYS,
      routingRoundRetentionDays: v.ROUTING_ROUND_RETENTION_DAYS,
      platformEventsRetentionDays: v.PLATFORM_EVENTS_RETENTION_DAYS,
      retentionSweepMin: v.RETENTION_SWEEP_MIN,
      jobScheduleCheckSec: v.JOB_SCHEDULE_CHECK_SEC,
      workerHealthPort: v.WORKER_HEALTH_PORT,
      metricsReportConcurrency: v.METRICS_REPORT_CONCURRENCY,
      metricsReportQueue: v.METRICS_REPORT_QUEUE,
      metricsStatementTimeoutSec: v.METRICS_STATEMENT_TIMEOUT_SEC,
      metricsMaxRows: v.METRICS_MAX_ROWS,
      socketMessagesPerSec: v.SOCKET_MESSAGES_PER_SEC,
      socketMessageBurst: v.SOCKET_MESSAGE_BURST,
      telephonyWebhookUrl: v.TELEPHONY_WEBHOOK_URL ?? null,
      telephonyWebhookSecret: v.TELEPHONY_WEBHOOK_SECRET ?? null,
      telephonyWebhookTimeoutMs: v.TELEPHONY_WEBHOOK_TIMEOUT_MS,
      telephonyWebhookRetryBaseMs: v.TELEPHONY_WEBHOOK_RETRY_BASE_MS,
      telephonyRequireEndpoints: v.TELEPHONY_REQUIRE_ENDPOINTS,
      voiceSoftphoneWsUrl: v.VOICE_SOFTPHONE_WS_URL ?? null,
      voiceSipDomain: v.VOICE_SIP_DOMAIN ?? null,
      voiceSipSecret: v.VOICE_SIP_SECRET ?? null,
    });
  }

  /** Reads the process environment; on bad config prints one line per problem and exits non-zero. */
  static fromProcessOrExit(): AppConfig {
    try {
      return AppConfig.fromEnvironment(process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
  }
}
