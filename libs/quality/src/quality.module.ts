import { AuditModule } from '@fc/audit';
import { CallsModule } from '@fc/calls';
import { Module } from '@nestjs/common';
import { AgentEvaluationsController } from './agent-evaluations.controller.js';
import { AgentFeedbackController } from './agent-feedback.controller.js';
import { CalibrationsController } from './calibrations.controller.js';
import { CalibrationsService } from './calibrations.service.js';
import { EvaluationFormsAdminController } from './evaluation-forms-admin.controller.js';
import { EvaluationFormsService } from './evaluation-forms.service.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsRepository } from './evaluations.repository.js';
import { EvaluationsService } from './evaluations.service.js';
import { InsightsController } from './insights.controller.js';
import { LearningsController } from './learnings.controller.js';
import { LearningsService } from './learnings.service.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';
import { RootCauseInsightsService } from './root-cause-insights.service.js';
import { RootCausesAdminController } from './root-causes-admin.controller.js';
import { RootCausesController } from './root-causes.controller.js';
import { RootCausesService } from './root-causes.service.js';

/**
 * Quality leads' work: reviews, the root-cause taxonomy (and its administration), insights,
 * feedback to agents, shared learnings; scored evaluations and calibrations (decision 0040).
 */
@Module({
  imports: [AuditModule, CallsModule],
  controllers: [
    ReviewsController,
    RootCausesController,
    RootCausesAdminController,
    InsightsController,
    AgentFeedbackController,
    LearningsController,
    EvaluationsController,
    AgentEvaluationsController,
    CalibrationsController,
    EvaluationFormsAdminController,
  ],
  providers: [ReviewsRepository, ReviewsService, RootCausesService, LearningsService, RootCauseInsightsService, EvaluationsRepository, EvaluationsService, EvaluationFormsService, CalibrationsService],
  exports: [ReviewsService, RootCausesService, ReviewsRepository, RootCauseInsightsService],
})
export class QualityModule {}
