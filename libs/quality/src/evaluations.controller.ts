import { CurrentUser, Roles, agentActor, type AuthenticatedUser } from '@fc/auth';
import { Role, type AgentEvaluationView, type EvaluationFormView, type EvaluationView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcknowledgeEvaluationDto } from './dto/acknowledge-evaluation.dto.js';
import { CreateEvaluationDto } from './dto/create-evaluation.dto.js';
import { EvaluationFormsService } from './evaluation-forms.service.js';
import { EvaluationsService } from './evaluations.service.js';

/** Quality leads score reviews with an active form; the agent of the call acknowledges (decision 0040). */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('api')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly forms: EvaluationFormsService,
  ) {}

  @Get('evaluation-forms')
  @Roles(Role.Quality)
  @ApiOkResponse({ description: 'The active forms with their current version, to score with' })
  activeForms(): Promise<EvaluationFormView[]> {
    return this.forms.list(true);
  }

  @Get('reviews/:id/evaluations')
  @Roles(Role.Quality)
  @ApiOkResponse({ description: 'The review’s evaluations outside calibrations, newest first, each with the form version it was scored with' })
  @ApiNotFoundResponse({ description: 'No such review' })
  list(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<EvaluationView[]> {
    return this.evaluations.listForReview(id, user);
  }

  @Post('reviews/:id/evaluations')
  @Roles(Role.Quality)
  @ApiCreatedResponse({ description: 'The evaluation, scored with the form’s current version' })
  @ApiBadRequestResponse({ description: 'A criterion unanswered or unknown, a value off its scale, n/a where not allowed' })
  @ApiNotFoundResponse({ description: 'No such review or form' })
  @ApiConflictResponse({ description: 'The form is retired' })
  create(@UuidParam() id: string, @Body() body: CreateEvaluationDto, @CurrentUser() user: AuthenticatedUser): Promise<EvaluationView> {
    return this.evaluations.create(id, body, user);
  }

  @Post('evaluations/:id/acknowledge')
  @HttpCode(200)
  @Roles(Role.Agent)
  @ApiOkResponse({ description: 'The evaluation, acknowledged' })
  @ApiNotFoundResponse({ description: 'No evaluation of one of my calls with that id' })
  @ApiConflictResponse({ description: 'Acknowledged already' })
  acknowledge(@UuidParam() id: string, @Body() body: AcknowledgeEvaluationDto, @CurrentUser() user: AuthenticatedUser): Promise<AgentEvaluationView> {
    return this.evaluations.acknowledge(id, body, agentActor(user));
  }
}
