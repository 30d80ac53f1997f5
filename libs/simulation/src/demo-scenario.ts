import { DEFAULT_TOPIC_STRATEGY, DEMO_TOPICS, demoAgents } from '@fc/demo';
import { parseScenario, type Scenario } from './scenario.js';

/** Calls per hour on the whole line, by hour of day: a weekday on 02800, open 07–19, peaking at midday. */
const LINE_PROFILE = [0, 0, 0, 0, 0, 0, 0, 90, 190, 230, 310, 360, 340, 360, 330, 280, 200, 170, 90, 0, 0, 0, 0, 0];

/** Each topic's share of the calls. */
const TOPIC_MIX: Record<string, number> = {
  passport: 0.22,
  firearms: 0.06,
  lost_property: 0.1,
  report_offence: 0.14,
  case_status: 0.16,
  tips: 0.06,
  foreigners: 0.08,
  driving_licence: 0.07,
  police_certificate: 0.06,
  other: 0.05,
};

/** Mean talk time by topic, in seconds: a report takes longer than a question about a passport. */
const TALK_MEAN_SEC: Record<string, number> = {
  passport: 200,
  firearms: 300,
  lost_property: 180,
  report_offence: 420,
  case_status: 240,
  tips: 260,
  foreigners: 330,
  driving_licence: 240,
  police_certificate: 170,
  other: 220,
};

/** The four teams of the demo floor work staggered shifts, with a staggered lunch. */
const SHIFTS = [
  { name: 'Lag 1', shift: { start: '07:00', end: '15:00', breaks: [{ at: '11:00', minutes: 30 }] } },
  { name: 'Lag 2', shift: { start: '08:00', end: '16:00', breaks: [{ at: '11:30', minutes: 30 }] } },
  { name: 'Lag 3', shift: { start: '10:00', end: '18:00', breaks: [{ at: '13:30', minutes: 30 }] } },
  { name: 'Lag 4', shift: { start: '11:00', end: '19:00', breaks: [{ at: '14:30', minutes: 30 }] } },
];

/**
 * A weekday of 02800 on the demo floor: the seeded topics with their routing rules, the seeded
 * agents agent01…agent40 in their teams, about 2,300 calls from 07:00 to 19:00. Built from the same
 * demo data as `npm run db:seed`, so the live mode's agents are the ones the api knows.
 */
export function demoScenario(): Scenario {
  return parseScenario({
    name: '02800 weekday',
    description: 'A weekday on the police non-emergency line with the demo floor of 40 agents in four teams.',
    seed: 2800,
    day: { start: '07:00', end: '19:00' },
    transferPriorityBoost: 10,
    topics: DEMO_TOPICS.map((topic) => ({
      key: topic.key,
      callsPerHour: LINE_PROFILE.map((calls) => Math.round(calls * TOPIC_MIX[topic.key]! * 10) / 10),
      languages: { nb: 86, en: 8, pl: 3, uk: 1.5, ar: 1, so: 0.5 },
      talkSec: { kind: 'lognormal', meanSec: TALK_MEAN_SEC[topic.key]!, sdSec: TALK_MEAN_SEC[topic.key]! * 0.6 },
      wrapUpSec: { kind: 'lognormal', meanSec: 45, sdSec: 25 },
      routing: {
        skill: topic.key,
        minProficiency: topic.minProficiency,
        priority: topic.priority,
        strategy: DEFAULT_TOPIC_STRATEGY,
        escalationSteps: topic.escalationSteps,
        serviceLevelThresholdSec: topic.serviceLevelThresholdSec,
      },
    })),
    groups: SHIFTS,
    agents: demoAgents().map((agent) => ({ name: agent.username, group: agent.team, skills: agent.skills })),
    behaviour: {
      resolutionByProficiency: [0.25, 0.5, 0.62, 0.74, 0.84, 0.9],
      talkFactorByProficiency: [1.4, 1.25, 1.12, 1, 0.92, 0.85],
      resolvedOutcomes: { resolved: 75, self_service: 15, referred: 10 },
      unresolvedOutcomes: { follow_up: 55, unresolved: 38, complaint: 7 },
      misroutedShare: 0.08,
      transferBelowProficiency: 3,
      transferChance: 0.75,
      transferTalkShare: 0.35,
      maxTransfers: 3,
      declineChance: 0.02,
      acceptDelaySec: { kind: 'uniform', minSec: 1, maxSec: 4 },
      patienceSec: { kind: 'lognormal', meanSec: 300, sdSec: 240 },
      callbackTakeUp: 0.5,
      withheldShare: 0.05,
      repeat: { afterUnresolved: 0.35, afterAbandoned: 0.5, delaySec: { kind: 'lognormal', meanSec: 1800, sdSec: 1500 } },
      expectationAligned: 0.85,
    },
  });
}
