import type { EscalationStep } from '@fc/contracts';

/** What a waiting call asks of an agent at one point of its escalation. */
export interface Requirement {
  skill: string;
  minProficiency: number;
  languageSkill: string;
  /** Agents with the `general` skill qualify too. */
  includeGeneralists: boolean;
}

/** A topic's routing rules (DESIGN §4). */
export interface TopicRouting {
  skill: string;
  minProficiency: number;
  /** In `afterSec` order; each step changes what it names and keeps the rest. */
  steps: readonly EscalationStep[];
}

export interface EscalationState {
  /** Index into `steps`; -1 before the first step (the topic's own requirement). */
  stepIndex: number;
  requirement: Requirement;
  offerCallback: boolean;
  /** Seconds of waiting at which the next step falls due; null after the last. */
  nextStepAtSec: number | null;
  /** Steps passed over at once because no logged-in agent could ever meet them. */
  skipped: number;
}

export const GENERAL_SKILL = 'general';

/** The requirement and callback offer after steps `0..index` are applied to the topic's own rules. */
function stateAt(topic: TopicRouting, languageSkill: string, index: number): Omit<EscalationState, 'nextStepAtSec' | 'skipped'> {
  const requirement: Requirement = { skill: topic.skill, minProficiency: topic.minProficiency, languageSkill, includeGeneralists: false };
  let offerCallback = false;
  // Indexed, not sliced: a round works out a state for each topic, language and step.
  for (let i = 0; i <= index && i < topic.steps.length; i++) {
    const step = topic.steps[i]!;
    if (step.minProficiency !== undefined) requirement.minProficiency = step.minProficiency;
    if (step.includeGeneralists !== undefined) requirement.includeGeneralists = step.includeGeneralists;
    if (step.offerCallback) offerCallback = true;
  }
  return { stepIndex: index, requirement, offerCallback };
}

/**
 * Where a call stands in its topic's escalation after waiting `ageSec` (the age runs on through
 * every step). A step nobody logged in could ever meet is skipped at once, as TaskRouter's
 * `skip_if` does, so a caller does not wait out a step that cannot help them.
 * @param couldEverMatch whether any logged-in agent (available or busy) meets a requirement.
 */
export function escalationAt(topic: TopicRouting, languageSkill: string, ageSec: number, couldEverMatch: (requirement: Requirement) => boolean): EscalationState {
  return escalationFromStep(topic, languageSkill, stepReachedAt(topic, ageSec), couldEverMatch);
}

/** A topic's steps as rounds count them: in `afterSec` order, however they are stored. */
export function stepsInTimeOrder(steps: readonly EscalationStep[]): EscalationStep[] {
  return [...steps].sort((a, b) => a.afterSec - b.afterSec);
}

/** The last step whose time has come after `ageSec` of waiting; -1 before the first. */
export function stepReachedAt(topic: Pick<TopicRouting, 'steps'>, ageSec: number): number {
  let index = -1;
  while (index + 1 < topic.steps.length && topic.steps[index + 1]!.afterSec <= ageSec) index++;
  return index;
}

/**
 * The step a call starts waiting at, written when it joins a queue: the one its topic's steps reach
 * at 0 s, counted as rounds count them ({@link stepsInTimeOrder}), so that its first round has nothing to
 * write but an offer. -1 (the topic's own requirement) when a step reached at 0 s offers a
 * callback: the platform hears of that offer when a round moves the call onto the step
 * (`routing-actions`). A round moves a call on from -1 too, so -1 is always a valid start; it
 * only costs that round a write.
 */
export function startingStep(steps: readonly EscalationStep[]): number {
  const inOrder = stepsInTimeOrder(steps);
  const reached = stepReachedAt({ steps: inOrder }, 0);
  for (let i = 0; i <= reached; i++) if (inOrder[i]!.offerCallback) return -1;
  return reached;
}

/** {@link escalationAt} from the step waiting time has reached; depends on nothing else, so it can be cached. */
export function escalationFromStep(topic: TopicRouting, languageSkill: string, reached: number, couldEverMatch: (requirement: Requirement) => boolean): EscalationState {
  let index = reached;
  let state = stateAt(topic, languageSkill, index);
  let skipped = 0;
  while (index + 1 < topic.steps.length && !couldEverMatch(state.requirement)) {
    index++;
    skipped++;
    state = stateAt(topic, languageSkill, index);
  }
  const next = topic.steps[index + 1];
  return { stepIndex: state.stepIndex, requirement: state.requirement, offerCallback: state.offerCallback, nextStepAtSec: next ? next.afterSec : null, skipped };
}

/** Whether an agent with `skills` meets `requirement`. */
export function meetsRequirement(skills: ReadonlyMap<string, number>, requirement: Requirement): boolean {
  if (!skills.has(requirement.languageSkill)) return false;
  if ((skills.get(requirement.skill) ?? 0) >= requirement.minProficiency) return true;
  return requirement.includeGeneralists && skills.has(GENERAL_SKILL);
}
