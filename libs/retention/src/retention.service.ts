import { AuditAction, AuditService } from '@fc/audit';
import { AppConfig, Clock } from '@fc/config';
import { CallDirection, FollowUpKind, FollowUpStatus } from '@fc/contracts';
import { TERMINAL_CALL_STATES } from '@fc/domain';
import { PgErrorCode, pgErrorCode } from '@fc/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Rows per statement: small enough that no batch holds its row locks for long on a big database. */
export const RETENTION_BATCH_SIZE = 5_000;

/** What one purge removed, item by item, and the time before which each item counted as expired. */
export interface RetentionPurge {
  callerNumbers: number;
  feedbackComments: number;
  leaderMessages: number;
  notes: number;
  smsMessages: number;
  routingRounds: number;
  platformEvents: number;
  cutoffs: { callerNumbers: string; feedbackComments: string; leaderMessages: string; notes: string; smsMessages: string; routingRounds: string; platformEvents: string };
}

type Item = Exclude<keyof RetentionPurge, 'cutoffs'>;

const DAY_MS = 24 * 3600 * 1000;
/** How long after a rollup bucket starts its shards are folded: a quarter hour's bucket closed 45 minutes before. */
const ROLLUP_FOLD_AFTER_MS = 3600 * 1000;
const OPEN_FOLLOW_UP: FollowUpStatus[] = [FollowUpStatus.Open, FollowUpStatus.InProgress];

interface Batch {
  sql: string;
  parameters(cutoff: Date, limit: number, now: Date): unknown[];
}

/**
 * One statement per batch, oldest rows first. Rows another transaction holds are skipped (SKIP
 * LOCKED), never waited for: the purge must not stall calls, and a skipped row is taken on the next
 * run. Each statement commits on its own, so no lock outlives its batch.
 */
const BATCHES: { readonly [I in Item]: Batch } = {
  // A number stays while a callback still needs it: an open callback follow-up of its call, or its
  // call being a callback that has not finished yet (DESIGN §3: kept only where a callback needs it);
  // and while the complainant's invitation to a leader conversation is open (neither answered nor
  // expired): the leader calls that number (decision 0041).
  callerNumbers: {
    sql: `WITH expired AS (
            SELECT n.call_id FROM caller_numbers n
             WHERE n.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.call_id = n.call_id AND f.kind = $3 AND f.status = ANY($4::text[]))
               AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = n.call_id AND c.direction = $5 AND c.state <> ALL($6::text[]))
               AND NOT EXISTS (SELECT 1 FROM leader_invitations li WHERE li.call_id = n.call_id AND li.answered_at IS NULL AND li.expires_at > $7)
             ORDER BY n.created_at LIMIT $2
               FOR UPDATE OF n SKIP LOCKED)
          DELETE FROM caller_numbers n USING expired e WHERE n.call_id = e.call_id`,
    parameters: (cutoff, limit, now) => [cutoff, limit, FollowUpKind.Callback, OPEN_FOLLOW_UP, CallDirection.Callback, TERMINAL_CALL_STATES, now],
  },
  feedbackComments: {
    sql: `WITH expired AS (
            SELECT id FROM feedback WHERE comment IS NOT NULL AND used_at < $1 ORDER BY used_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          UPDATE feedback f SET comment = NULL, comment_purged_at = $3 FROM expired e WHERE f.id = e.id`,
    parameters: (cutoff, limit, now) => [cutoff, limit, now],
  },
  // A complainant's message to the leader is citizen's free text like a feedback comment, kept as long (decision 0041).
  leaderMessages: {
    sql: `WITH expired AS (
            SELECT id FROM leader_invitations WHERE message IS NOT NULL AND answered_at < $1 ORDER BY answered_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          UPDATE leader_invitations l SET message = NULL, message_purged_at = $3 FROM expired e WHERE l.id = e.id`,
    parameters: (cutoff, limit, now) => [cutoff, limit, now],
  },
  // Only calls that still have a note: each update fires the calls triggers (rollups, live floor).
  notes: {
    sql: `WITH expired AS (
            SELECT id FROM calls WHERE note IS NOT NULL AND completed_at < $1 ORDER BY completed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          UPDATE calls c SET note = NULL FROM expired e WHERE c.id = e.id`,
    parameters: (cutoff, limit) => [cutoff, limit],
  },
  smsMessages: {
    sql: `WITH expired AS (
            SELECT id FROM sms_outbox WHERE purged_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          UPDATE sms_outbox s SET to_e164 = NULL, body = NULL, purged_at = $3 FROM expired e WHERE s.id = e.id`,
    parameters: (cutoff, limit, now) => [cutoff, limit, now],
  },
  // An operational log, not personal data; nothing changes a round once it is written.
  routingRounds: {
    sql: `WITH expired AS (SELECT id FROM routing_rounds WHERE started_at < $1 ORDER BY started_at LIMIT $2)
          DELETE FROM routing_rounds r USING expired e WHERE r.id = e.id`,
    parameters: (cutoff, limit) => [cutoff, limit],
  },
  // The replay feed's history (DESIGN §11 promises at least 7 days; config allows no less), of
  // finished calls only: a live call's next event takes its last `seq` plus one, so deleting its
  // events would number it from 1 again. Delivered to the webhook or not: 7 days is far past a
  // delivery's last retry (31 hours at most), and without a webhook none is ever marked delivered.
  // An event a delivery is sending right now is locked by it, and skipped.
  platformEvents: {
    sql: `WITH expired AS (
            SELECT e.id FROM platform_events e JOIN calls c ON c.id = e.call_id
             WHERE e.at < $1 AND c.state = ANY($3::text[])
             ORDER BY e.at LIMIT $2
               FOR UPDATE OF e SKIP LOCKED)
          DELETE FROM platform_events e USING expired x WHERE e.id = x.id`,
    parameters: (cutoff, limit) => [cutoff, limit, TERMINAL_CALL_STATES],
  },
};

/**
 * Purges personal data past its retention period (docs/decisions/0016-retention.md): raw caller
 * numbers, citizens' feedback comments and messages to a leader, agents' call notes and text messages, plus the routing
 * rounds log and finished calls' platform events. Idempotent: a second run finds nothing more.
 * Each run that purged anything writes one audit entry with the counts and cutoffs (never the
 * purged values).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  /** Rows per statement; tests lower it to see the batches loop. */
  batchSize = RETENTION_BATCH_SIZE;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async purge(now: Date = this.clock.now()): Promise<RetentionPurge> {
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const cutoffs: { readonly [I in Item]: Date } = {
      callerNumbers: before(this.config.callerNumberRetentionDays),
      feedbackComments: before(this.config.feedbackCommentRetentionDays),
      leaderMessages: before(this.config.feedbackCommentRetentionDays),
      notes: before(this.config.noteRetentionDays),
      smsMessages: before(this.config.smsRetentionDays),
      routingRounds: before(this.config.routingRoundRetentionDays),
      platformEvents: before(this.config.platformEventsRetentionDays),
    };
    const purged: RetentionPurge = {
      callerNumbers: 0,
      feedbackComments: 0,
      leaderMessages: 0,
      notes: 0,
      smsMessages: 0,
      routingRounds: 0,
      platformEvents: 0,
      cutoffs: {
        callerNumbers: cutoffs.callerNumbers.toISOString(),
        feedbackComments: cutoffs.feedbackComments.toISOString(),
        leaderMessages: cutoffs.leaderMessages.toISOString(),
        notes: cutoffs.notes.toISOString(),
        smsMessages: cutoffs.smsMessages.toISOString(),
        routingRounds: cutoffs.routingRounds.toISOString(),
        platformEvents: cutoffs.platformEvents.toISOString(),
      },
    };
    try {
      for (const item of Object.keys(BATCHES) as Item[]) {
        for (;;) {
          const count = await this.batch(BATCHES[item], cutoffs[item], now);
          purged[item] += count;
          if (count < this.batchSize) break;
        }
      }
    } catch (error) {
      // What was purged before the failure is gone all the same, so it is recorded all the same.
      if (totalOf(purged) > 0) {
        await this.record(purged, true).catch((auditError: unknown) => this.logger.error({ err: auditError }, 'retention audit entry not written'));
      }
      throw error;
    }
    if (totalOf(purged) > 0) await this.record(purged, false);
    return purged;
  }

  /**
   * Folds the metrics rollups' shards (decision 0049) of buckets that closed an hour or more before
   * `now` into one row each: the sums stay, the rows stop growing with the shards. Returns the
   * rows written. Not personal data: it runs with the purge because both are the hourly upkeep.
   */
  async foldRollups(now: Date = this.clock.now()): Promise<number> {
    const [{ folded }] = (await this.dataSource.query('SELECT call_tallies_fold($1) AS folded', [new Date(now.getTime() - ROLLUP_FOLD_AFTER_MS)])) as [{ folded: number }];
    return folded;
  }

  private async record(purged: RetentionPurge, interrupted: boolean): Promise<void> {
    const { cutoffs, ...counts } = purged;
    this.logger.log({ ...counts, interrupted }, 'expired personal data purged');
    await this.audit.record({
      actor: null,
      action: AuditAction.RetentionPurge,
      entityType: 'retention',
      data: { ...counts, cutoffs, ...(interrupted ? { interrupted: true } : {}) },
    });
  }

  /** One statement; a deadlock with a call being changed (both touch the rollups) is tried again. */
  private async batch(batch: Batch, cutoff: Date, now: Date): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const [, affected] = (await this.dataSource.query(batch.sql, batch.parameters(cutoff, this.batchSize, now))) as [unknown[], number];
        return affected;
      } catch (error) {
        const code = pgErrorCode(error);
        if ((code !== PgErrorCode.DeadlockDetected && code !== PgErrorCode.SerializationFailure) || attempt >= 3) throw error;
      }
    }
  }
}

function totalOf(purged: RetentionPurge): number {
  return purged.callerNumbers + purged.feedbackComments + purged.leaderMessages + purged.notes + purged.smsMessages + purged.routingRounds + purged.platformEvents;
}
