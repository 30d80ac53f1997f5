import { pickWeighted, type Random } from './distributions.js';
import { callsPerHourAt, type Scenario, type ScenarioTopic } from './scenario.js';

/** A caller reaching the line. Times are seconds since midnight of the simulated first day. */
export interface Arrival {
  atSec: number;
  /** The topic the caller chose in the IVR. */
  topic: ScenarioTopic;
  /** The topic of the caller's real need: usually the same, not always (the scenario's misrouted share). */
  need: ScenarioTopic;
  language: string;
  /** A stable number per caller, so repeat calls come from the same caller; null when withheld. */
  callerId: number | null;
}

/**
 * Fresh callers as a Poisson stream whose rate follows each topic's calls per hour, hour by hour.
 * The rate is constant within an hour, so the stream is exact: on reaching an hour's end the next
 * gap is drawn afresh at the next hour's rate (the exponential has no memory). `rateFactor` scales
 * every rate (the live mode's time scale, or a what-if on volume).
 */
export class ArrivalStream {
  private atSec: number;
  private callers = 0;
  private readonly rateFactor: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly random: Random,
    options: { fromSec: number; rateFactor?: number },
  ) {
    this.atSec = options.fromSec;
    this.rateFactor = options.rateFactor ?? 1;
  }

  /** The next caller at or after the last one, before `untilSec`; undefined when none arrives before then. */
  next(untilSec: number): Arrival | undefined {
    for (;;) {
      if (this.atSec >= untilSec) return undefined;
      const hour = Math.floor(this.atSec / 3600);
      const hourEnd = Math.min((hour + 1) * 3600, untilSec);
      const perHour = this.scenario.topics.map((topic) => callsPerHourAt(topic, hour % 24) * this.rateFactor);
      const total = perHour.reduce((sum, rate) => sum + rate, 0);
      if (total <= 0) {
        this.atSec = hourEnd;
        continue;
      }
      const at = this.atSec - (3600 / total) * Math.log(1 - this.random());
      if (at >= hourEnd) {
        this.atSec = hourEnd;
        continue;
      }
      this.atSec = at;
      const topic = this.scenario.topics[Number(pickWeighted(Object.fromEntries(perHour.map((rate, i) => [i, rate])), this.random))]!;
      return {
        atSec: at,
        topic,
        need: this.needOf(topic, perHour),
        language: pickWeighted(topic.languages, this.random),
        callerId: this.random() < this.scenario.behaviour.withheldShare ? null : ++this.callers,
      };
    }
  }

  /** A misrouted caller's real need is another topic, drawn by volume. */
  private needOf(chosen: ScenarioTopic, perHour: number[]): ScenarioTopic {
    if (this.scenario.topics.length < 2 || this.random() >= this.scenario.behaviour.misroutedShare) return chosen;
    const others = Object.fromEntries(perHour.map((rate, i) => [i, this.scenario.topics[i] === chosen ? 0 : rate + 1e-9]));
    return this.scenario.topics[Number(pickWeighted(others, this.random))]!;
  }
}
