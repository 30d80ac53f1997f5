import { AgentState, BreakReason, Outcome, type AgentStateReason } from '@fc/contracts';
import type { LiveCall } from './call-book.js';
import type { RequestCounts } from './live-api.js';

/** A caller who hangs up within this many (simulated) seconds is a short abandon (DESIGN §7). */
const SHORT_ABANDON_SEC = 5;
const RESOLVING: ReadonlySet<Outcome> = new Set([Outcome.Resolved, Outcome.SelfService, Outcome.Referred]);

export interface CallCounts {
  /** Calls the telephony player placed: fresh callers and repeat calls. */
  placed: number;
  repeats: number;
  /** Callers who took the callback they were offered (their call ends; a callback call takes its place). */
  callbacks: number;
  waiting: number;
  /** Callbacks an agent accepted whose caller the platform is dialling. */
  dialling: number;
  talking: number;
  wrapUp: number;
  completed: number;
  /** Callers whose patience ran out. */
  abandoned: number;
  /** Callers still waiting when the run closed, hung up by the simulator. */
  hungUpAtClose: number;
  answered: number;
  transfers: number;
  declines: number;
  /** Wrap-ups the api timed out before the bot recorded the outcome. */
  notRecorded: number;
  outcomes: Partial<Record<Outcome, number>>;
}

export interface LiveFigures {
  simulatedSec: number;
  realSec: number;
  calls: CallCounts;
  /** Agents of this run by their state on the api, as their sockets last said. */
  agents: Record<AgentState, number>;
  /** Of those on a break, how many because an offer ran out on them (RONA). */
  agentsMissed: number;
  /** Answered within the topic's threshold / (answered + abandoned − short abandons), waits in simulated seconds. */
  serviceLevel: number | null;
  /** Mean wait of answered calls, simulated seconds. */
  asaSec: number | null;
  /** The same in real seconds: what the api's own metrics show for this run's calls. */
  asaRealSec: number | null;
  /** Resolved, self-service or referred / calls with an outcome an agent recorded. */
  fcr: number | null;
  requests: RequestCounts;
}

export interface FigureInputs {
  calls: readonly LiveCall[];
  scale: number;
  simulatedSec: number;
  realSec: number;
  agentStates: readonly { state: AgentState; reason: AgentStateReason | null }[];
  transfers: number;
  declines: number;
  requests: RequestCounts;
}

/** The run's figures so far, from the simulator's own record of its calls (DESIGN §7 definitions). */
export function computeFigures(input: FigureInputs): LiveFigures {
  const calls: CallCounts = {
    placed: 0,
    repeats: 0,
    callbacks: 0,
    waiting: 0,
    dialling: 0,
    talking: 0,
    wrapUp: 0,
    completed: 0,
    abandoned: 0,
    hungUpAtClose: 0,
    answered: 0,
    transfers: input.transfers,
    declines: input.declines,
    notRecorded: 0,
    outcomes: {},
  };
  let slAnswered = 0;
  let slWithin = 0;
  let slAbandoned = 0;
  let waitSum = 0;
  let resolving = 0;
  let recorded = 0;
  for (const call of input.calls) {
    if (call.direction === 'inbound') calls.placed++;
    if (call.isRepeat) calls.repeats++;
    switch (call.phase) {
      case 'waiting':
      case 'accepting':
        calls.waiting++;
        break;
      case 'dialling':
        calls.dialling++;
        break;
      case 'talking':
        calls.talking++;
        break;
      case 'wrap_up':
        calls.wrapUp++;
        break;
      case 'completed':
        calls.completed++;
        break;
      case 'abandoned':
        if (call.hungUpAtClose) calls.hungUpAtClose++;
        else calls.abandoned++;
        break;
      case 'callback_requested':
        calls.callbacks++;
        break;
      case 'scheduled':
      case 'unreachable':
        // Counted where they happen, with the platform's dials (the summary's callbackDials).
        break;
    }
    if (call.answeredAtMs !== null) {
      calls.answered++;
      const waitRealSec = Math.max(0, call.answeredAtMs - call.queuedAtMs) / 1000;
      waitSum += waitRealSec;
      slAnswered++;
      if (waitRealSec * input.scale <= call.ivrTopic.routing.serviceLevelThresholdSec) slWithin++;
    } else if (call.phase === 'abandoned' && !call.hungUpAtClose && call.endedAtMs !== null) {
      if (((call.endedAtMs - call.queuedAtMs) / 1000) * input.scale >= SHORT_ABANDON_SEC) slAbandoned++;
    }
    if (call.outcome !== null) {
      calls.outcomes[call.outcome] = (calls.outcomes[call.outcome] ?? 0) + 1;
      if (call.outcome === Outcome.NotRecorded) calls.notRecorded++;
      else {
        recorded++;
        if (RESOLVING.has(call.outcome)) resolving++;
      }
    }
  }
  const agents = Object.fromEntries(Object.values(AgentState).map((state) => [state, 0])) as Record<AgentState, number>;
  let agentsMissed = 0;
  for (const { state, reason } of input.agentStates) {
    agents[state]++;
    if (state === AgentState.Break && reason === BreakReason.Missed) agentsMissed++;
  }
  const asaRealSec = calls.answered > 0 ? waitSum / calls.answered : null;
  return {
    simulatedSec: input.simulatedSec,
    realSec: input.realSec,
    calls,
    agents,
    agentsMissed,
    serviceLevel: slAnswered + slAbandoned > 0 ? slWithin / (slAnswered + slAbandoned) : null,
    asaSec: asaRealSec === null ? null : asaRealSec * input.scale,
    asaRealSec,
    fcr: recorded > 0 ? resolving / recorded : null,
    requests: { ...input.requests },
  };
}
