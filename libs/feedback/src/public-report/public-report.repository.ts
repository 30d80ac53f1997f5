import type { EffectReport, ImprovementActionStatus } from '@fc/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A topic as the public page names it. */
export interface PublicTopic {
  key: string;
  nameNb: string;
  nameEn: string;
}

/**
 * A public improvement action as the page may show it: its public summaries, status and when it
 * took effect, and its effect as last measured. Never its title, description, result, owner or
 * anything else written for the centre (decision 0042).
 */
export interface PublicActionRow {
  status: ImprovementActionStatus;
  summaryNb: string;
  summaryEn: string;
  effectiveAt: Date | null;
  effect: EffectReport | null;
}

/** The public page's reads: topics, the spread of feedback scores, the public actions. Only counts and what was written for citizens. */
@Injectable()
export class PublicReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active topics, in the IVR's order. */
  activeTopics(): Promise<PublicTopic[]> {
    return this.dataSource.query<PublicTopic[]>(`SELECT key, name_nb AS "nameNb", name_en AS "nameEn" FROM topics WHERE active ORDER BY sort_order, key`);
  }

  /** How many answered feedback links of the topic's calls that arrived in [from, to) gave each score. */
  async countFeedbackScores(topicKey: string, from: Date, to: Date): Promise<Map<number, number>> {
    const rows = await this.dataSource.query<{ score: number; count: number }[]>(
      `SELECT f.score, count(*)::int AS count
         FROM feedback f JOIN calls c ON c.id = f.call_id JOIN topics t ON t.id = c.topic_id
        WHERE t.key = $1 AND c.arrived_at >= $2 AND c.arrived_at < $3 AND f.used_at IS NOT NULL AND f.score IS NOT NULL
        GROUP BY f.score`,
      [topicKey, from, to],
    );
    return new Map(rows.map((row) => [row.score, row.count]));
  }

  /** The topic's actions marked public and not cancelled: under way first, then done, the latest first. */
  findPublicActions(topicKey: string): Promise<PublicActionRow[]> {
    return this.dataSource.query<PublicActionRow[]>(
      `SELECT a.status, a.public_summary_nb AS "summaryNb", a.public_summary_en AS "summaryEn", a.effective_at AS "effectiveAt", a.effect
         FROM improvement_actions a
        WHERE a.public AND a.status <> 'cancelled'
          AND EXISTS (SELECT 1 FROM improvement_action_topics x JOIN topics t ON t.id = x.topic_id WHERE x.action_id = a.id AND t.key = $1)
        ORDER BY CASE a.status WHEN 'in_progress' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, a.effective_at DESC NULLS LAST, a.created_at DESC`,
      [topicKey],
    );
  }
}
