import { Outcome, RoutingStrategy } from '@fc/contracts';
import { z } from 'zod';

/*
 * One scenario format for both modes (DESIGN §9): what arrives (topics, hourly rates, languages,
 * talk and wrap-up times), who answers (agents with skills, in groups with shifts and breaks) and
 * how people behave (resolution by proficiency, declines, transfers, patience, callbacks, repeat
 * calls). The live mode plays it against a running api; the offline mode runs it on a virtual clock.
 * Scenario files are JSON; `npm run simulate -- scenario` prints the 02800 day to start from.
 */

const seconds = z.number().min(0).max(86_400);

/** A duration in seconds, drawn per call. */
export const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exponential'), meanSec: seconds.positive() }),
  /** Right-skewed like real talk times: most calls short, a few very long. */
  z.object({ kind: z.literal('lognormal'), meanSec: seconds.positive(), sdSec: seconds.positive() }),
  z.object({ kind: z.literal('uniform'), minSec: seconds, maxSec: seconds }).refine((d) => d.maxSec >= d.minSec, { error: 'maxSec must be at least minSec' }),
  z.object({ kind: z.literal('fixed'), sec: seconds }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'a time of day must be HH:MM, 00:00 to 24:00' });
const share = z.number().min(0).max(1);
const proficiency = z.number().int().min(1).max(5);
const skills = z.record(z.string().min(1), proficiency);
/** Relative weights; they need not add up to 1. */
const weights = <K extends string>(keys: z.ZodType<K>) =>
  z.partialRecord(keys, z.number().min(0)).refine((w) => Object.values(w).some((v) => (v as number) > 0), { error: 'at least one weight must be above 0' });

const escalationStep = z.object({
  afterSec: seconds,
  minProficiency: proficiency.optional(),
  includeGeneralists: z.boolean().optional(),
  offerCallback: z.boolean().optional(),
});

export const topicSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'a topic key is lower case letters, digits and _' }),
  /** Calls per hour: one figure for every hour, or 24 figures by hour of day. */
  callsPerHour: z.union([z.number().min(0), z.array(z.number().min(0)).length(24)]),
  /** Language code → weight, e.g. { nb: 88, en: 8, pl: 4 }. */
  languages: weights(z.string().regex(/^[a-z]{2,3}$/)),
  talkSec: distributionSchema,
  wrapUpSec: distributionSchema,
  routing: z.object({
    skill: z.string().min(1),
    minProficiency: proficiency,
    priority: z.number().int().min(0).max(1000),
    strategy: z.enum(RoutingStrategy),
    escalationSteps: z.array(escalationStep),
    serviceLevelThresholdSec: seconds,
  }),
});
export type ScenarioTopic = z.infer<typeof topicSchema>;

const shift = z.object({
  start: clockTime,
  end: clockTime,
  /** Breaks in the shift: an agent goes at `at` once the call in hand is done. */
  breaks: z.array(z.object({ at: clockTime, minutes: z.number().int().min(1).max(240) })).default([]),
});

export const groupSchema = z.object({ name: z.string().min(1), shift });
export type ScenarioGroup = z.infer<typeof groupSchema>;

export const agentSchema = z.object({
  /** The agent's username: the live mode logs in with it. */
  name: z.string().min(1),
  group: z.string().min(1),
  skills,
});
export type ScenarioAgent = z.infer<typeof agentSchema>;

const RESOLVING = [Outcome.Resolved, Outcome.SelfService, Outcome.Referred] as const;
const NOT_RESOLVING = [Outcome.FollowUp, Outcome.Unresolved, Outcome.Complaint] as const;
/** Index 0 is an agent without the skill (and without the caller's language); 1–5 the proficiency. */
const byProficiency = z.array(z.number().min(0)).length(6);

export const behaviourSchema = z.object({
  /** Chance that the agent meets the caller's need, by their proficiency in it (index 0–5). */
  resolutionByProficiency: byProficiency.refine((p) => p.every((v) => v <= 1), { error: 'chances are between 0 and 1' }),
  /** Talk time multiplier by proficiency: experts are quicker. */
  talkFactorByProficiency: byProficiency,
  /** Which resolving outcome a met need is recorded as. */
  resolvedOutcomes: weights(z.enum(RESOLVING)),
  /** Which outcome an unmet need that is not passed on is recorded as. */
  unresolvedOutcomes: weights(z.enum(NOT_RESOLVING)),
  /** Share of callers whose IVR choice is not their real need (the topic they pick is wrong). */
  misroutedShare: share,
  /** An agent below this proficiency in the need, who cannot meet it, passes the call on to the need's topic… */
  transferBelowProficiency: z.number().int().min(1).max(6),
  /** …with this chance (otherwise they close the call unresolved)… */
  transferChance: share,
  /** …after talking this share of a full call. */
  transferTalkShare: share,
  /** A call is passed on at most this many times. */
  maxTransfers: z.number().int().min(0).max(10),
  /** Chance that an agent declines an offer. */
  declineChance: share,
  /** From offer to accept. */
  acceptDelaySec: distributionSchema,
  /** How long a caller waits in a queue before hanging up; null: nobody hangs up. */
  patienceSec: distributionSchema.nullable(),
  /** Share of callers offered a callback (a topic's escalation step) who take it, if they gave their number. */
  callbackTakeUp: share,
  /** Share of callers who withhold their number (no repeat counting, no callback). */
  withheldShare: share,
  /** Chance a caller calls again about the same need after an unresolved or complaint outcome, and after hanging up. */
  repeat: z.object({ afterUnresolved: share, afterAbandoned: share, delaySec: distributionSchema }),
  /** Chance the agent records that expectations were aligned (the Danish closing method). */
  expectationAligned: share,
});
export type ScenarioBehaviour = z.infer<typeof behaviourSchema>;

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int(),
    /** Calls arrive from `start` to `end` (local time of day); calls in hand then run to their end. */
    day: z.object({ start: clockTime, end: clockTime }).refine((d) => minutesOf(d.end) > minutesOf(d.start), { error: 'the day must end after it starts' }),
    /** Added to a transferred call's priority (the api's TRANSFER_PRIORITY_BOOST). */
    transferPriorityBoost: z.number().int().min(0).max(1000).default(10),
    topics: z.array(topicSchema).min(1),
    groups: z.array(groupSchema).min(1),
    agents: z.array(agentSchema).min(1),
    behaviour: behaviourSchema,
  })
  .superRefine((scenario, ctx) => {
    const topicKeys = new Set<string>();
    for (const [i, topic] of scenario.topics.entries()) {
      if (topicKeys.has(topic.key)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'key'], message: `topic ${topic.key} appears twice` });
      topicKeys.add(topic.key);
    }
    const groups = new Set(scenario.groups.map((g) => g.name));
    const names = new Set<string>();
    for (const [i, agent] of scenario.agents.entries()) {
      if (!groups.has(agent.group)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'group'], message: `agent ${agent.name} is in group ${agent.group}, which the scenario does not define` });
      if (names.has(agent.name)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message: `agent ${agent.name} appears twice` });
      names.add(agent.name);
    }
  });
export type Scenario = z.infer<typeof scenarioSchema>;

export class ScenarioError extends Error {}

/** A scenario from JSON (a file's parsed content); every problem is named with its path. */
export function parseScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(scenario)'}: ${issue.message}`);
  throw new ScenarioError(`the scenario is not valid:\n  ${problems.join('\n  ')}`);
}

/** Minutes after midnight of an HH:MM time. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The topic's arrival rate in calls per hour during hour of day `hour` (0–23). */
export function callsPerHourAt(topic: ScenarioTopic, hour: number): number {
  return typeof topic.callsPerHour === 'number' ? topic.callsPerHour : topic.callsPerHour[hour % 24]!;
}
