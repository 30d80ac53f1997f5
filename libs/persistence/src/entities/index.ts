import { AgentEventEntity } from './agent-event.entity.js';
import { AgentSkillEntity } from './agent-skill.entity.js';
import { AgentEntity } from './agent.entity.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { CallEventEntity } from './call-event.entity.js';
import { CallEntity } from './call.entity.js';
import { CallerNumberEntity } from './caller-number.entity.js';
import { CalibrationEntity } from './calibration.entity.js';
import { EvaluationFormVersionEntity } from './evaluation-form-version.entity.js';
import { EvaluationFormEntity } from './evaluation-form.entity.js';
import { EvaluationEntity } from './evaluation.entity.js';
import { FeedbackEntity } from './feedback.entity.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { ImprovementActionRootCauseEntity } from './improvement-action-root-cause.entity.js';
import { ImprovementActionTopicEntity } from './improvement-action-topic.entity.js';
import { ImprovementActionEntity } from './improvement-action.entity.js';
import { JobOutboxEntity } from './job-outbox.entity.js';
import { LeaderInvitationEntity } from './leader-invitation.entity.js';
import { PLATFORM_EVENT_COLUMNS, PlatformEventEntity, toPlatformEvent, type PlatformEventRow } from './platform-event.entity.js';
import { ReviewEntity } from './review.entity.js';
import { RootCauseEntity } from './root-cause.entity.js';
import { RoutingRoundEntity } from './routing-round.entity.js';
import { SkillEntity } from './skill.entity.js';
import { SmsMessageEntity } from './sms-message.entity.js';
import { TopicEntity } from './topic.entity.js';
import { UserEntity } from './user.entity.js';

export {
  AgentEntity,
  AgentEventEntity,
  AgentSkillEntity,
  AuditLogEntity,
  CallEntity,
  CallEventEntity,
  CallerNumberEntity,
  FeedbackEntity,
  FollowUpEntity,
  ImprovementActionEntity,
  ImprovementActionRootCauseEntity,
  ImprovementActionTopicEntity,
  JobOutboxEntity,
  CalibrationEntity,
  EvaluationEntity,
  EvaluationFormEntity,
  EvaluationFormVersionEntity,
  LeaderInvitationEntity,
  PlatformEventEntity,
  ReviewEntity,
  toPlatformEvent,
  PLATFORM_EVENT_COLUMNS,
  type PlatformEventRow,
  RootCauseEntity,
  RoutingRoundEntity,
  SkillEntity,
  SmsMessageEntity,
  TopicEntity,
  UserEntity,
};

export const ENTITIES = [
  SkillEntity,
  TopicEntity,
  UserEntity,
  AgentEntity,
  AgentSkillEntity,
  AgentEventEntity,
  CallEntity,
  CallEventEntity,
  CallerNumberEntity,
  FollowUpEntity,
  ReviewEntity,
  FeedbackEntity,
  AuditLogEntity,
  RoutingRoundEntity,
  JobOutboxEntity,
  RootCauseEntity,
  SmsMessageEntity,
  PlatformEventEntity,
  EvaluationFormEntity,
  EvaluationFormVersionEntity,
  CalibrationEntity,
  EvaluationEntity,
  ImprovementActionEntity,
  ImprovementActionTopicEntity,
  ImprovementActionRootCauseEntity,
  LeaderInvitationEntity,
];
