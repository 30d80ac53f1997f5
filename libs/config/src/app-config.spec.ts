import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigError } from './app-config.js';

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    AppConfig.fromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('starts on a developer machine with no variables at all', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.env).toBe('development');
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/first_contact');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.telephonyApiKey).toBe('dev-telephony-key');
    expect(config.offerTimeoutSec).toBe(15);
    expect(config.consoleLostGraceSec).toBe(5);
    expect(config.demoPassword).toBe('demo1234');
  });

  it('reads numbers and urls', () => {
    const config = AppConfig.fromEnvironment({ PORT: '8080', DATABASE_URL: 'postgresql://u:p@db:5432/fc', OFFER_TIMEOUT_SEC: '20' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/fc');
    expect(config.offerTimeoutSec).toBe(20);
  });

  it('names each bad variable on a line of its own', () => {
    expect(problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', LOG_LEVEL: 'loud' })).toEqual([
      'DATABASE_URL must be a URL starting with postgres:// or postgresql://',
      'REDIS_URL must be a URL starting with redis:// or rediss://',
      'PORT must be a whole number',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('refuses out-of-range numbers', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be at most 65535']);
    expect(problemsOf({ OFFER_TIMEOUT_SEC: '1.5' })).toEqual(['OFFER_TIMEOUT_SEC must be a whole number']);
  });

  it('reads the lost console grace and refuses one that is not a whole number of seconds from 1 to 120', () => {
    expect(AppConfig.fromEnvironment({ CONSOLE_LOST_GRACE_SEC: '8' }).consoleLostGraceSec).toBe(8);
    expect(problemsOf({ CONSOLE_LOST_GRACE_SEC: '0' })).toEqual(['CONSOLE_LOST_GRACE_SEC must be at least 1']);
    expect(problemsOf({ CONSOLE_LOST_GRACE_SEC: '600' })).toEqual(['CONSOLE_LOST_GRACE_SEC must be at most 120']);
    expect(problemsOf({ CONSOLE_LOST_GRACE_SEC: 'soon' })).toEqual(['CONSOLE_LOST_GRACE_SEC must be a whole number']);
  });

  it('reads the database pool size, 10 by default, and refuses one outside 2 to 200', () => {
    expect(AppConfig.fromEnvironment({}).databasePoolSize).toBe(10);
    expect(AppConfig.fromEnvironment({ DATABASE_POOL_SIZE: '40' }).databasePoolSize).toBe(40);
    expect(problemsOf({ DATABASE_POOL_SIZE: '1' })).toEqual(['DATABASE_POOL_SIZE must be at least 2']);
    expect(problemsOf({ DATABASE_POOL_SIZE: '500' })).toEqual(['DATABASE_POOL_SIZE must be at most 200']);
    expect(problemsOf({ DATABASE_POOL_SIZE: 'many' })).toEqual(['DATABASE_POOL_SIZE must be a whole number']);
  });

  it('trusts no proxy by default, and reads the proxies it is given', () => {
    expect(AppConfig.fromEnvironment({}).trustedProxies).toEqual([]);
    expect(AppConfig.fromEnvironment({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    for (const bad of ['loopback', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/8'])
      expect(problemsOf({ TRUSTED_PROXIES: bad })).toEqual(['TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges like 10.0.0.0/8']);
  });

  it('has no secret defaults in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['DATABASE_URL is required', 'JWT_SECRET is required', 'TELEPHONY_API_KEY is required', 'CALLER_KEY_PEPPER is required']);
  });

  it('refuses weak secrets in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/fc', JWT_SECRET: 'short', TELEPHONY_API_KEY: 'k', CALLER_KEY_PEPPER: 'p' })).toEqual([
      'JWT_SECRET must be at least 32 characters',
      'TELEPHONY_API_KEY must be at least 16 characters',
      'CALLER_KEY_PEPPER must be at least 16 characters',
    ]);
  });

  it('sends no platform events unless a webhook is set, and then only signed with a strong secret', () => {
    const none = AppConfig.fromEnvironment({});
    expect([none.telephonyWebhookUrl, none.telephonyWebhookSecret, none.telephonyWebhookTimeoutMs, none.telephonyWebhookRetryBaseMs]).toEqual([null, null, 5000, 2000]);
    const set = AppConfig.fromEnvironment({ TELEPHONY_WEBHOOK_URL: 'https://pbx.example/events', TELEPHONY_WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters', TELEPHONY_WEBHOOK_TIMEOUT_MS: '2500' });
    expect([set.telephonyWebhookUrl, set.telephonyWebhookSecret, set.telephonyWebhookTimeoutMs]).toEqual(['https://pbx.example/events', 'a-webhook-secret-of-32-characters', 2500]);
    expect(problemsOf({ TELEPHONY_WEBHOOK_URL: 'https://pbx.example/events' })).toEqual(['TELEPHONY_WEBHOOK_SECRET is required when TELEPHONY_WEBHOOK_URL is set']);
    expect(problemsOf({ TELEPHONY_WEBHOOK_URL: 'https://pbx.example/events', TELEPHONY_WEBHOOK_SECRET: 'too-short' })).toEqual(['TELEPHONY_WEBHOOK_SECRET must be at least 32 characters']);
    expect(problemsOf({ TELEPHONY_WEBHOOK_URL: 'ftp://pbx.example/events', TELEPHONY_WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters' })).toEqual([
      'TELEPHONY_WEBHOOK_URL must be a URL starting with http:// or https://',
    ]);
  });

  it('keeps platform events at least 7 days, 7 by default', () => {
    expect(AppConfig.fromEnvironment({}).platformEventsRetentionDays).toBe(7);
    expect(AppConfig.fromEnvironment({ PLATFORM_EVENTS_RETENTION_DAYS: '30' }).platformEventsRetentionDays).toBe(30);
    expect(problemsOf({ PLATFORM_EVENTS_RETENTION_DAYS: '6' })).toEqual(['PLATFORM_EVENTS_RETENTION_DAYS must be at least 7']);
    expect(problemsOf({ PLATFORM_EVENTS_RETENTION_DAYS: 'a week' })).toEqual(['PLATFORM_EVENTS_RETENTION_DAYS must be a whole number']);
  });

  it('requires agents to have endpoints only when told to, with true or false and nothing else', () => {
    expect(AppConfig.fromEnvironment({}).telephonyRequireEndpoints).toBe(false);
    expect(AppConfig.fromEnvironment({ TELEPHONY_REQUIRE_ENDPOINTS: 'true' }).telephonyRequireEndpoints).toBe(true);
    expect(AppConfig.fromEnvironment({ TELEPHONY_REQUIRE_ENDPOINTS: 'false' }).telephonyRequireEndpoints).toBe(false);
    for (const bad of ['yes', '1', 'TRUE']) expect(problemsOf({ TELEPHONY_REQUIRE_ENDPOINTS: bad })).toEqual(['TELEPHONY_REQUIRE_ENDPOINTS must be true or false']);
  });

  it('has a console softphone only with both its WebSocket URL and its SIP domain', () => {
    const none = AppConfig.fromEnvironment({});
    expect([none.voiceSoftphoneWsUrl, none.voiceSipDomain]).toEqual([null, null]);
    const set = AppConfig.fromEnvironment({ VOICE_SOFTPHONE_WS_URL: 'wss://voice.example:7443/ws', VOICE_SIP_DOMAIN: 'voice.example' });
    expect([set.voiceSoftphoneWsUrl, set.voiceSipDomain]).toEqual(['wss://voice.example:7443/ws', 'voice.example']);
    expect(problemsOf({ VOICE_SOFTPHONE_WS_URL: 'ws://127.0.0.1:5066' })).toEqual(['VOICE_SOFTPHONE_WS_URL and VOICE_SIP_DOMAIN are set together (the console softphone needs both) or not at all']);
    expect(problemsOf({ VOICE_SIP_DOMAIN: '127.0.0.1' })).toEqual(['VOICE_SOFTPHONE_WS_URL and VOICE_SIP_DOMAIN are set together (the console softphone needs both) or not at all']);
    expect(problemsOf({ VOICE_SOFTPHONE_WS_URL: 'https://voice.example/ws', VOICE_SIP_DOMAIN: 'voice.example' })).toEqual(['VOICE_SOFTPHONE_WS_URL must be a URL starting with ws:// or wss://']);
    expect(problemsOf({ VOICE_SOFTPHONE_WS_URL: 'ws://127.0.0.1:5066', VOICE_SIP_DOMAIN: 'voice example' })).toEqual(['VOICE_SIP_DOMAIN must be a host name or address']);
  });

  it('treats an empty variable as unset', () => {
    expect(AppConfig.fromEnvironment({ PORT: '' }).port).toBe(3000);
  });
});
