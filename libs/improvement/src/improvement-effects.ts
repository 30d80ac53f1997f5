import { AppConfig, Clock } from '@fc/config';
import { ImprovementActionStatus, type EffectReport, type ImprovementActionEffectView, type ImprovementActionsByEffect } from '@fc/contracts';
import { effectNeedsMeasuring, iso } from '@fc/domain';
import { EffectMeasurementService } from '@fc/metrics';
import { TransactionRunner } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { ImprovementActionNotFoundError, ImprovementActionNotInEffectError } from './improvement-errors.js';
import { ImprovementActionsRepository, type ImprovementActionMeasurement } from './improvement-actions.repository.js';

/** An advisory lock's key: one api process at a time measures the stale actions. */
const REFRESH_LOCK = 1_800_180_038;

/**
 * "Did it work?" for improvement actions (decision 0038): a done action's effect measured by the
 * effect measurement (decision 0039) over its topics and root causes from the moment it took
 * effect, and kept on the action. Readers get the kept measurement; it is taken again only while
 * its figures can still move, at most every `EFFECT_REFRESH_SEC` — so no list, page or public
 * reader can make the api run metrics reports at will.
 */
@Injectable()
export class ImprovementEffects {
  private readonly logger = new Logger(ImprovementEffects.name);

  constructor(
    private readonly actions: ImprovementActionsRepository,
    private readonly measurement: EffectMeasurementService,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The action's effect, measured now if it never was or its figures may have moved since.
   * @throws ImprovementActionNotFoundError, ImprovementActionNotInEffectError for an action not done
   * @throws ReportsBusyError, ReportTimedOutError as a metrics report does
   */
  async forAction(id: string, signal?: AbortSignal): Promise<ImprovementActionEffectView> {
    const action = await this.actions.findMeasurement(id);
    if (!action) throw new ImprovementActionNotFoundError();
    if (action.status !== ImprovementActionStatus.Done || !action.effectiveAt) throw new ImprovementActionNotInEffectError();
    if (action.effect && !this.needsMeasuring(action)) return { actionId: id, measuredAt: iso(action.effectMeasuredAt!), report: action.effect };
    return this.measure(action, signal);
  }

  /** Done actions by their FCR's effect, from the kept measurements. */
  async byEffect(page: { limit: number; offset: number }): Promise<ImprovementActionsByEffect> {
    const { rows, total } = await this.actions.findByEffect(page);
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        title: row.title,
        kind: row.kind,
        topicKeys: row.topicKeys,
        rootCauseKeys: row.rootCauseKeys,
        effectiveAt: iso(row.effectiveAt),
        public: row.public,
        measuredAt: row.effectMeasuredAt ? iso(row.effectMeasuredAt) : null,
        fcr: row.effect?.figures.fcr ?? null,
      })),
    };
  }

  /**
   * Measures up to `limit` done actions never measured or whose figures may have moved, oldest
   * measurement first; one api process at a time (a transaction-scoped advisory lock). Returns how
   * many were measured, or null when another process holds the turn.
   */
  async refreshStale(limit: number): Promise<number | null> {
    return this.transactions.run(async ({ manager }) => {
      const [{ locked }]: [{ locked: boolean }] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [REFRESH_LOCK]);
      if (!locked) return null;
      const due = await this.actions.findMeasurementsDue(this.clock.now(), this.terms(), limit, manager);
      let measured = 0;
      for (const action of due) {
        try {
          await this.measure(action);
          measured++;
        } catch (error) {
          // A busy or timed-out report leaves the action for the next turn.
          this.logger.warn({ actionId: action.id, err: error instanceof Error ? error.name : 'Error' }, 'effect of an improvement action not measured');
        }
      }
      return measured;
    });
  }

  private async measure(action: ImprovementActionMeasurement, signal?: AbortSignal): Promise<ImprovementActionEffectView> {
    const report: EffectReport = await this.measurement.measure({ topicKeys: action.topicKeys, rootCauseKeys: action.rootCauseKeys, effectiveAt: action.effectiveAt! }, signal);
    const measuredAt = this.clock.now();
    await this.transactions.run(({ manager }) => this.actions.keepEffect(action.id, report, measuredAt, manager));
    return { actionId: action.id, measuredAt: measuredAt.toISOString(), report };
  }

  private needsMeasuring(action: ImprovementActionMeasurement): boolean {
    return effectNeedsMeasuring(action.effectiveAt!, action.effectMeasuredAt, this.clock.now(), this.terms());
  }

  private terms() {
    return { windowDays: this.config.effectWindowDays, repeatWindowDays: this.config.repeatWindowDays, refreshMs: this.config.effectRefreshSec * 1000 };
  }
}
