import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type EvaluationFormVersionView, type EvaluationFormView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateEvaluationFormDto } from './dto/create-evaluation-form.dto.js';
import { UpdateEvaluationFormDto } from './dto/update-evaluation-form.dto.js';
import { EvaluationFormsService } from './evaluation-forms.service.js';

/** Administrators create evaluation forms and edit them: new criteria become the next version (decision 0040). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/admin/evaluation-forms')
export class EvaluationFormsAdminController {
  constructor(private readonly forms: EvaluationFormsService) {}

  @Get()
  @ApiOkResponse({ description: 'Every form with its current version, retired ones too' })
  list(): Promise<EvaluationFormView[]> {
    return this.forms.list(false);
  }

  @Get(':id/versions')
  @ApiOkResponse({ description: 'Every version of the form, newest first' })
  @ApiNotFoundResponse({ description: 'No such form' })
  versions(@UuidParam() id: string): Promise<EvaluationFormVersionView[]> {
    return this.forms.versions(id);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The new form, active, at version 1' })
  @ApiBadRequestResponse({ description: 'Criteria that break the form rules' })
  @ApiConflictResponse({ description: 'The key exists' })
  create(@Body() body: CreateEvaluationFormDto, @CurrentUser() user: AuthenticatedUser): Promise<EvaluationFormView> {
    return this.forms.create(body, user);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The form with its current version: a new one when the criteria changed' })
  @ApiBadRequestResponse({ description: 'Nothing changes, or criteria that break the form rules' })
  @ApiNotFoundResponse({ description: 'No such form' })
  update(@UuidParam() id: string, @Body() body: UpdateEvaluationFormDto, @CurrentUser() user: AuthenticatedUser): Promise<EvaluationFormView> {
    return this.forms.update(id, body, user);
  }
}
