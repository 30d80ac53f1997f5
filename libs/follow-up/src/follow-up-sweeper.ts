import { AppConfig, Clock } from '@fc/config';
import { floorAlert, type AlertedFollowUp } from '@fc/domain';
import { RealtimeEmitter } from '@fc/realtime/emitter';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The columns of an {@link AlertedFollowUp}. */
const RETURNING = `f.id, f.kind, f.call_id AS "callId", f.due_at AS "dueAt", t.key AS "topicKey",
  (SELECT a.id FROM agents a WHERE a.user_id = f.owner_user_id) AS "ownerAgentId"`;

/**
 * Keeps open follow-ups from being forgotten: reminds before they fall due (the owning agent on
 * their socket, supervisors when nobody owns it) and escalates overdue ones to supervisors. Each
 * follow-up is reminded and escalated once: the stamp is written first, by the clock it was
 * judged by, and the message follows the commit. The stamp also puts it first in supervisors'
 * follow-up list, which is the record that outlives a missed socket message.
 */
@Injectable()
export class FollowUpSweeper {
  private readonly logger = new Logger(FollowUpSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async sweep(): Promise<{ reminded: number; escalated: number }> {
    const now = this.clock.now();
    const [reminded]: [AlertedFollowUp[], number] = await this.dataSource.query(
      `UPDATE follow_ups f SET reminded_at = $1
         FROM calls c JOIN topics t ON t.id = c.topic_id
        WHERE c.id = f.call_id AND f.status IN ('open', 'in_progress') AND f.reminded_at IS NULL
          AND f.due_at > $1 AND f.due_at <= $1::timestamptz + make_interval(mins => $2)
        RETURNING ${RETURNING}`,
      [now, this.config.followUpReminderBeforeMin],
    );
    const [escalated]: [AlertedFollowUp[], number] = await this.dataSource.query(
      `UPDATE follow_ups f SET escalated_at = $1
         FROM calls c JOIN topics t ON t.id = c.topic_id
        WHERE c.id = f.call_id AND f.status IN ('open', 'in_progress') AND f.escalated_at IS NULL AND f.due_at <= $1
        RETURNING ${RETURNING}`,
      [now],
    );
    for (const followUp of reminded) {
      if (followUp.ownerAgentId) {
        this.realtime.toAgent(followUp.ownerAgentId, 'follow_up.reminder', { followUpId: followUp.id, kind: followUp.kind, callId: followUp.callId, dueAt: followUp.dueAt.toISOString() });
      } else {
        this.realtime.alertSupervisors(floorAlert.followUpDueSoon(followUp, now));
      }
    }
    for (const followUp of escalated) this.realtime.alertSupervisors(floorAlert.followUpOverdue(followUp, now));
    if (reminded.length || escalated.length) this.logger.log({ reminded: reminded.length, escalated: escalated.length }, 'follow-ups swept');
    return { reminded: reminded.length, escalated: escalated.length };
  }
}
