import { AuditAction, AuditService } from '@fc/audit';
import { AppConfig, Clock } from '@fc/config';
import { floorAlert, type AlertedImprovementAction } from '@fc/domain';
import { TransactionRunner } from '@fc/persistence';
import { RealtimeEmitter } from '@fc/realtime/emitter';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The columns of an {@link AlertedImprovementAction}: the first topic the action names stands for it on the floor. */
const RETURNING = `a.id, a.due_at AS "dueAt",
  (SELECT t.key FROM improvement_action_topics x JOIN topics t ON t.id = x.topic_id WHERE x.action_id = a.id ORDER BY t.key LIMIT 1) AS "topicKey"`;

/**
 * Keeps open improvement actions from being forgotten, in the follow-up sweep (decision 0038):
 * supervisors are reminded once before an action falls due and alerted once when it is overdue.
 * The stamp (reminded_at, escalated_at, by the clock it was judged by) and its system audit entry
 * commit first; the alert follows the commit. The stamp also puts it first in the list.
 */
@Injectable()
export class ImprovementActionSweeper {
  private readonly logger = new Logger(ImprovementActionSweeper.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async sweep(): Promise<{ reminded: number; escalated: number }> {
    const now = this.clock.now();
    const { reminded, escalated } = await this.transactions.run(async (unit) => {
      const [dueSoon]: [AlertedImprovementAction[], number] = await unit.manager.query(
        `UPDATE improvement_actions a SET reminded_at = $1
          WHERE a.status IN ('planned', 'in_progress') AND a.reminded_at IS NULL
            AND a.due_at > $1 AND a.due_at <= $1::timestamptz + make_interval(hours => $2)
          RETURNING ${RETURNING}`,
        [now, this.config.improvementActionReminderBeforeHours],
      );
      const [overdue]: [AlertedImprovementAction[], number] = await unit.manager.query(
        `UPDATE improvement_actions a SET escalated_at = $1
          WHERE a.status IN ('planned', 'in_progress') AND a.escalated_at IS NULL AND a.due_at <= $1
          RETURNING ${RETURNING}`,
        [now],
      );
      await this.record(dueSoon, AuditAction.ImprovementActionReminded, 'remindedAt', now, unit.manager);
      await this.record(overdue, AuditAction.ImprovementActionEscalated, 'escalatedAt', now, unit.manager);
      unit.afterCommit(() => {
        for (const action of dueSoon) this.realtime.alertSupervisors(floorAlert.improvementActionDueSoon(action, now));
        for (const action of overdue) this.realtime.alertSupervisors(floorAlert.improvementActionOverdue(action, now));
      });
      return { reminded: dueSoon.length, escalated: overdue.length };
    });
    if (reminded || escalated) this.logger.log({ reminded, escalated }, 'improvement actions swept');
    return { reminded, escalated };
  }

  /** The system's entries in the actions' history: the stamp, from nothing to `now`. */
  private async record(actions: AlertedImprovementAction[], action: AuditAction, field: string, now: Date, manager: EntityManager): Promise<void> {
    for (const { id } of actions) {
      await this.audit.record({ actor: null, action, entityType: 'improvement_action', entityId: id, data: { changes: { [field]: { from: null, to: now.toISOString() } } } }, manager);
    }
  }
}
