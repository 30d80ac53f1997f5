import { languageSkillKey, type AgentOutcome } from '@fc/contracts';
import { GENERAL_SKILL } from '@fc/domain';
import { pickWeighted, sample, type Random } from './distributions.js';
import type { ScenarioBehaviour, ScenarioTopic } from './scenario.js';

/**
 * How one agent handles one call, decided when the agent connects. The live bots and the offline
 * engine both ask this, so the two modes differ only in who routes and what clock runs.
 */
export type CallHandling =
  | { kind: 'complete'; talkSec: number; wrapUpSec: number; outcome: AgentOutcome; expectationAligned: boolean }
  /** Passed on to the topic of the caller's real need, after a shorter talk. */
  | { kind: 'transfer'; talkSec: number; toTopicKey: string };

export interface CallAtAgent {
  /** The topic of the caller's real need (their IVR choice may have been another). */
  needTopic: ScenarioTopic;
  language: string;
  transfersSoFar: number;
}

/**
 * How well an agent can serve a need, 0–5: their proficiency in the need's skill; a generalist
 * manages simple questions on anything (2); 0 without the caller's language, whatever the skill.
 */
export function proficiencyFor(agentSkills: ReadonlyMap<string, number>, needSkill: string, language: string): number {
  if (!agentSkills.has(languageSkillKey(language))) return 0;
  return Math.max(agentSkills.get(needSkill) ?? 0, Math.min(2, agentSkills.get(GENERAL_SKILL) ?? 0));
}

export function decideHandling(behaviour: ScenarioBehaviour, agentSkills: ReadonlyMap<string, number>, call: CallAtAgent, random: Random): CallHandling {
  const proficiency = proficiencyFor(agentSkills, call.needTopic.routing.skill, call.language);
  const talkSec = sample(call.needTopic.talkSec, random) * behaviour.talkFactorByProficiency[proficiency]!;
  if (random() < behaviour.resolutionByProficiency[proficiency]!) {
    return {
      kind: 'complete',
      talkSec,
      wrapUpSec: sample(call.needTopic.wrapUpSec, random),
      outcome: pickWeighted(behaviour.resolvedOutcomes, random),
      expectationAligned: random() < behaviour.expectationAligned,
    };
  }
  if (proficiency < behaviour.transferBelowProficiency && call.transfersSoFar < behaviour.maxTransfers && random() < behaviour.transferChance) {
    return { kind: 'transfer', talkSec: talkSec * behaviour.transferTalkShare, toTopicKey: call.needTopic.key };
  }
  return {
    kind: 'complete',
    talkSec,
    wrapUpSec: sample(call.needTopic.wrapUpSec, random),
    outcome: pickWeighted(behaviour.unresolvedOutcomes, random),
    expectationAligned: random() < behaviour.expectationAligned,
  };
}

/** Whether a caller calls again about the same need after this end of their call. */
export function callsAgain(behaviour: ScenarioBehaviour, ending: 'abandoned' | AgentOutcome, random: Random): boolean {
  if (ending === 'abandoned') return random() < behaviour.repeat.afterAbandoned;
  if (ending === 'unresolved' || ending === 'complaint') return random() < behaviour.repeat.afterUnresolved;
  return false;
}
