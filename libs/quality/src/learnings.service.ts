import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedAgent } from '@fc/auth';
import { ReviewStatus, type AgentFeedbackView, type SharedLearningView } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PageQueryDto } from '@fc/http';

/** What reviews give back: feedback to the agent whose call it was, and learnings shared with everyone. */
@Injectable()
export class LearningsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The agent's own done reviews that carry feedback, newest first; nobody else's. */
  async feedbackFor(agent: AuthenticatedAgent, page: PageQueryDto): Promise<AgentFeedbackView[]> {
    const rows: (Omit<AgentFeedbackView, 'reviewedAt'> & { reviewedAt: Date })[] = await this.dataSource.query(
      `SELECT r.id AS "reviewId", r.call_id AS "callId", t.key AS "topicKey", r.root_causes AS "rootCauses",
              r.agent_feedback AS "agentFeedback", r.learning, r.reviewed_at AS "reviewedAt"
         FROM reviews r JOIN topics t ON t.id = r.topic_id
        WHERE r.agent_id = $1 AND r.status = '${ReviewStatus.Done}' AND r.agent_feedback IS NOT NULL
        ORDER BY r.reviewed_at DESC, r.id
        LIMIT $2 OFFSET $3`,
      [agent.agentId, page.limit ?? 50, page.offset ?? 0],
    );
    await this.audit.record({ actor: agent, action: AuditAction.ReviewFeedbackRead, entityType: 'agent', entityId: agent.agentId, data: { count: rows.length } });
    return rows.map((row) => ({ ...row, reviewedAt: row.reviewedAt.toISOString() }));
  }

  /**
   * Learnings their reviewers chose to share, once the review is done (its wording settled), newest
   * first. Only the topic, root causes and the text: no call, no agent, no reviewer.
   */
  async shared(page: PageQueryDto): Promise<SharedLearningView[]> {
    const rows: (Omit<SharedLearningView, 'reviewedAt'> & { reviewedAt: Date })[] = await this.dataSource.query(
      `SELECT t.key AS "topicKey", r.root_causes AS "rootCauses", r.learning, r.reviewed_at AS "reviewedAt"
         FROM reviews r JOIN topics t ON t.id = r.topic_id
        WHERE r.learning_shared AND r.status = '${ReviewStatus.Done}' AND r.learning IS NOT NULL
        ORDER BY r.reviewed_at DESC, r.id
        LIMIT $1 OFFSET $2`,
      [page.limit ?? 50, page.offset ?? 0],
    );
    return rows.map((row) => ({ ...row, reviewedAt: row.reviewedAt.toISOString() }));
  }
}
