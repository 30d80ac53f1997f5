import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ImprovementActionEntity } from './improvement-action.entity.js';
import { TopicEntity } from './topic.entity.js';

/** A topic an improvement action is meant to improve. */
@Entity({ name: 'improvement_action_topics' })
@Index('improvement_action_topics_topic_idx', ['topicId'])
export class ImprovementActionTopicEntity {
  @PrimaryColumn({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @PrimaryColumn({ name: 'topic_id', type: 'uuid' })
  topicId!: string;

  @ManyToOne(() => ImprovementActionEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id' })
  action?: Relation<ImprovementActionEntity>;

  @ManyToOne(() => TopicEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Relation<TopicEntity>;
}
