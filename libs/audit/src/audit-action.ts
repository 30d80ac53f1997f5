/**
 * Every kind of entry in the audit log: a read of personal data or a change made by a person.
 * The values are what `audit_log.action` holds, so they never change once written.
 */
export const AuditAction = {
  AuthLogin: 'auth.login',
  AuthLoginThrottled: 'auth.login_throttled',
  CallRead: 'call.read',
  CallCallerHistoryRead: 'call.caller_history_read',
  CallAccept: 'call.accept',
  CallDecline: 'call.decline',
  /** The agent's phone rang out or could not be reached (decision 0044): the offer ended as an expiry does. */
  CallRingUnanswered: 'call.ring_unanswered',
  CallEndTalk: 'call.end_talk',
  CallTransfer: 'call.transfer',
  CallRecordOutcome: 'call.record_outcome',
  /** A callback was accepted: the platform is given the caller's number to dial (DESIGN §11). */
  CallDial: 'call.dial',
  AgentSetState: 'agent.set_state',
  AgentSetSkills: 'agent.set_skills',
  AgentSetEndpoint: 'agent.set_endpoint',
  FollowUpList: 'follow_up.list',
  FollowUpRead: 'follow_up.read',
  FollowUpUpdate: 'follow_up.update',
  /** A supervisor put a callback back in the queue for another round of tries. */
  FollowUpRequeueCallback: 'follow_up.requeue_callback',
  /** A complainant answered their invitation to a conversation, and the leader conversation follow-up moved with it (decision 0041). */
  FollowUpCitizenAnswer: 'follow_up.citizen_answer',
  ReviewList: 'review.list',
  ReviewRead: 'review.read',
  ReviewUpdate: 'review.update',
  ReviewFeedbackRead: 'review.feedback_read',
  EvaluationFormCreate: 'evaluation_form.create',
  /** Names or active changed, or new criteria written as the next version. */
  EvaluationFormUpdate: 'evaluation_form.update',
  /** A quality lead scored a review (with `calibrationId` when blind, in a calibration). */
  EvaluationCreate: 'evaluation.create',
  /** A review's evaluations read: other quality leads' scores and their comments to the agent. */
  EvaluationList: 'evaluation.list',
  /** An agent read the evaluations of their own calls. */
  EvaluationAgentRead: 'evaluation.agent_read',
  EvaluationAcknowledge: 'evaluation.acknowledge',
  CalibrationStart: 'calibration.start',
  /** A calibration read: the reader's own score while it is open, everyone's once it is closed. */
  CalibrationRead: 'calibration.read',
  CalibrationClose: 'calibration.close',
  RootCauseCreate: 'root_cause.create',
  RootCauseUpdate: 'root_cause.update',
  TopicCreate: 'topic.create',
  TopicUpdate: 'topic.update',
  SkillCreate: 'skill.create',
  UserCreate: 'user.create',
  UserUpdate: 'user.update',
  UserResetPassword: 'user.reset_password',
  SmsOutboxList: 'sms_outbox.list',
  JobsDashboardSession: 'jobs.dashboard_session',
  JobsDashboardAction: 'jobs.dashboard_action',
  RetentionPurge: 'retention.purge',
  ImprovementActionCreate: 'improvement_action.create',
  ImprovementActionUpdate: 'improvement_action.update',
  /** System entry: the follow-up sweep reminded supervisors that an action falls due soon. */
  ImprovementActionReminded: 'improvement_action.reminded',
  /** System entry: the follow-up sweep escalated an overdue action to supervisors. */
  ImprovementActionEscalated: 'improvement_action.escalated',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];
