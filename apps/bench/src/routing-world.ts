import { RoutingStrategy, type EscalationStep } from '@fc/contracts';
import { seededRandom, type RoutableAgent, type WaitingCall } from '@fc/domain';

const TOPICS = ['passport', 'firearms', 'lost_property', 'report_offence', 'case_status', 'tips', 'foreigners', 'driving_licence', 'police_certificate', 'other'];
const STRATEGIES = Object.values(RoutingStrategy);
const STEPS: EscalationStep[] = [
  { afterSec: 0, minProficiency: 4 },
  { afterSec: 30, minProficiency: 2 },
  { afterSec: 90, minProficiency: 1, includeGeneralists: true },
  { afterSec: 120, offerCallback: true },
];

/**
 * A national-scale floor: every agent Norwegian, most English, some Polish or Arabic; three to six
 * topics each at mixed proficiency; one in ten a generalist. Calls spread over the ten topics and
 * the four strategies, waiting 0–150 s so every escalation step is in play.
 */
export function routingWorld(callCount: number, agentCount: number, now: Date, random = seededRandom(2800)) {
  const agents: RoutableAgent[] = [];
  for (let i = 0; i < agentCount; i++) {
    const skills = new Map<string, number>([['lang:nb', 5]]);
    if (random() < 0.8) skills.set('lang:en', 3 + Math.floor(random() * 3));
    if (random() < 0.1) skills.set('lang:pl', 5);
    if (random() < 0.05) skills.set('lang:ar', 5);
    const topicCount = 3 + Math.floor(random() * 4);
    for (let k = 0; k < topicCount; k++) skills.set(TOPICS[Math.floor(random() * TOPICS.length)]!, 1 + Math.floor(random() * 5));
    if (random() < 0.1) skills.set('general', 3);
    agents.push({
      id: `agent-${String(i).padStart(5, '0')}`,
      available: true,
      idleSince: new Date(now.getTime() - Math.floor(random() * 3_600_000)),
      skills,
      occupancy: Math.floor(random() * 30),
      lastOfferedAt: random() < 0.9 ? new Date(now.getTime() - Math.floor(random() * 3_600_000)) : null,
    });
  }
  // One routing description per topic, shared by its calls, as the engine builds them.
  const topics = TOPICS.map((skill, i) => ({ skill, minProficiency: 1, steps: STEPS, strategy: STRATEGIES[i % STRATEGIES.length]! }));
  const calls: WaitingCall[] = [];
  for (let i = 0; i < callCount; i++) {
    const topic = Math.floor(random() * TOPICS.length);
    const waited = Math.floor(random() * 150_000);
    const language = random() < 0.85 ? 'lang:nb' : random() < 0.7 ? 'lang:en' : 'lang:pl';
    calls.push({
      id: `call-${String(i).padStart(5, '0')}`,
      priority: random() < 0.1 ? 10 : 0,
      queuedAt: new Date(now.getTime() - waited),
      waitingSince: new Date(now.getTime() - waited),
      escalationStep: -1,
      topic: topics[topic]!,
      languageSkill: language,
      excludedAgentIds: random() < 0.02 ? [`agent-${String(Math.floor(random() * agentCount)).padStart(5, '0')}`] : [],
    });
  }
  return { calls, agents };
}
