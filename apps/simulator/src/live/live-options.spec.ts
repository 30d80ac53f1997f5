import { demoScenario } from '@fc/simulation';
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../usage-error.js';
import { busiestHourStart, parseLiveOptions, planLiveRun, type LiveOptions } from './live-options.js';

const SECRET = 'whsec-0123456789-0123456789-0123456789';
const parse = (...args: string[]) => parseLiveOptions(args, {}) as LiveOptions;

describe('live options', () => {
  it('has defaults that drive a local api with the demo day', () => {
    expect(parse()).toEqual({
      api: 'http://localhost:3000',
      scenarioPath: undefined,
      scale: 1,
      startSec: undefined,
      durationSec: undefined,
      drainSec: 60,
      agents: undefined,
      volume: 1,
      loop: false,
      seed: undefined,
      telephonyKey: 'dev-telephony-key',
      password: 'demo1234',
      supervisor: 'super01',
      json: false,
      quiet: false,
      progressEverySec: 10,
      quickStop: false,
      callbackAnswerRate: 0.75,
      platformEvents: 'feed',
      webhookPort: 3002,
      webhookSecret: null,
    });
  });

  it('reads every option', () => {
    const options = parseLiveOptions(
      [
        '--api',
        'http://127.0.0.1:4000/',
        '--scenario',
        'day.json',
        '--scale',
        '12.5',
        '--start',
        '09:30',
        '--duration',
        '180',
        '--drain',
        '0',
        '--agents',
        '12',
        '--volume',
        '0.5',
        '--loop',
        '--seed=-7',
        '--telephony-key',
        'key',
        '--password',
        'pw',
        '--supervisor',
        'super02',
        '--json',
        '--quiet',
        '--progress-every',
        '30',
        '--quick-stop',
        '--platform-events',
        'webhook',
        '--webhook-port',
        '4002',
        '--callback-answer-rate',
        '0.5',
      ],
      { TELEPHONY_WEBHOOK_SECRET: SECRET },
    );
    expect(options).toEqual({
      api: 'http://127.0.0.1:4000',
      scenarioPath: 'day.json',
      scale: 12.5,
      startSec: 34_200,
      durationSec: 180,
      drainSec: 0,
      agents: 12,
      volume: 0.5,
      loop: true,
      seed: -7,
      telephonyKey: 'key',
      password: 'pw',
      supervisor: 'super02',
      json: true,
      quiet: true,
      progressEverySec: 30,
      quickStop: true,
      callbackAnswerRate: 0.5,
      platformEvents: 'webhook',
      webhookPort: 4002,
      webhookSecret: SECRET,
    });
  });

  it('answers --help with the usage', () => {
    expect(parseLiveOptions(['--help'])).toBe('help');
  });

  it.each([
    { args: ['--scale', '0'], message: '--scale must be a number from 0.1 to 1000, not "0"' },
    { args: ['--scale', 'fast'], message: '--scale must be a number from 0.1 to 1000, not "fast"' },
    { args: ['--duration=-5'], message: '--duration must be a number from 1 to 2592000, not "-5"' },
    { args: ['--agents', '2.5'], message: '--agents must be a whole number from 1 to 100000, not "2.5"' },
    { args: ['--start', '9:30'], message: '--start must be a time of day HH:MM (00:00 to 23:59), not "9:30"' },
    { args: ['--start', '24:00'], message: '--start must be a time of day HH:MM (00:00 to 23:59), not "24:00"' },
    { args: ['--api', 'localhost:3000'], message: '--api must be an http or https URL, not "localhost:3000"' },
    { args: ['--api', 'not a url'], message: '--api must be a URL such as http://localhost:3000, not "not a url"' },
    { args: ['--password', ''], message: '--password must not be empty' },
    { args: ['--callback-answer-rate', '1.5'], message: '--callback-answer-rate must be a number from 0 to 1, not "1.5"' },
    { args: ['--callback-answer-rate', 'most'], message: '--callback-answer-rate must be a number from 0 to 1, not "most"' },
    { args: ['--platform-events', 'poll'], message: '--platform-events must be feed or webhook, not "poll"' },
    { args: ['--platform-events', 'webhook', '--webhook-port', '70000'], message: '--webhook-port must be a whole number from 1 to 65535, not "70000"' },
  ])('refuses $args', ({ args, message }) => {
    expect(() => parseLiveOptions(args, { TELEPHONY_WEBHOOK_SECRET: SECRET })).toThrow(new UsageError(message));
  });

  it('takes the webhook secret from the environment only, and only one the api would take', () => {
    const needsSecret = /--platform-events webhook needs TELEPHONY_WEBHOOK_SECRET in the environment/;
    expect(() => parseLiveOptions(['--platform-events', 'webhook'], {})).toThrow(needsSecret);
    expect(() => parseLiveOptions(['--platform-events', 'webhook'], { TELEPHONY_WEBHOOK_SECRET: 'too-short' })).toThrow(needsSecret);
    expect(() => parseLiveOptions(['--webhook-secret', SECRET], {})).toThrow(/Unknown option '--webhook-secret'/);
    // Feed mode neither needs it nor keeps it.
    expect((parseLiveOptions([], { TELEPHONY_WEBHOOK_SECRET: SECRET }) as LiveOptions).webhookSecret).toBeNull();
  });

  it('refuses an unknown option or a stray argument, with the usage', () => {
    expect(() => parseLiveOptions(['--speed', '10'])).toThrow(/Unknown option '--speed'[\s\S]*usage: npm run simulate -- live/);
    expect(() => parseLiveOptions(['fast'])).toThrow(UsageError);
    expect(() => parseLiveOptions(['--scale'])).toThrow(UsageError);
  });
});

describe('a live run planned against its scenario', () => {
  const scenario = demoScenario();

  it('starts the demo day at its busiest hour, 11:00, with all 40 agents and the scenario seed', () => {
    expect(busiestHourStart(scenario)).toBe(11 * 3600);
    const plan = planLiveRun(parse(), scenario);
    expect(plan.startSec).toBe(39_600);
    expect(plan.agents.map((a) => a.name)).toEqual(Array.from({ length: 40 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`));
    expect(plan.seed).toBe(2800);
  });

  it('takes the first n agents, a start time and a seed', () => {
    const plan = planLiveRun(parse('--agents', '3', '--start', '07:15', '--seed', '5'), scenario);
    expect(plan).toEqual({ startSec: 26_100, agents: scenario.agents.slice(0, 3), seed: 5 });
  });

  it('refuses more agents than the scenario has, and a start outside its day', () => {
    expect(() => planLiveRun(parse('--agents', '41'), scenario)).toThrow(new UsageError('--agents 41: the scenario has only 40 agents'));
    expect(() => planLiveRun(parse('--start', '06:59'), scenario)).toThrow(/--start must be within the scenario's day, 07:00 to 19:00/);
    expect(() => planLiveRun(parse('--start', '19:00'), scenario)).toThrow(UsageError);
  });
});
