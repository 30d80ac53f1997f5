import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type ImprovementActionDetail, type ImprovementActionEffectView, type ImprovementActionList, type ImprovementActionsByEffect } from '@fc/contracts';
import { PageQueryDto, UuidParam } from '@fc/http';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateImprovementActionDto } from './dto/create-improvement-action.dto.js';
import { ImprovementActionQueryDto } from './dto/improvement-action-query.dto.js';
import { UpdateImprovementActionDto } from './dto/update-improvement-action.dto.js';
import { ImprovementActionsService } from './improvement-actions.service.js';
import { ImprovementEffects } from './improvement-effects.js';

/** What the centre changes because of what it learned: quality leads and supervisors open and move actions (decision 0038). */
@ApiTags('improvement')
@ApiBearerAuth()
@Controller('api/improvement-actions')
export class ImprovementActionsController {
  constructor(
    private readonly actions: ImprovementActionsService,
    private readonly effects: ImprovementEffects,
  ) {}

  @Post()
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiCreatedResponse({ description: 'The new action, planned, with its history' })
  @ApiBadRequestResponse({ description: 'A field out of shape, no topic and no root cause, an unknown topic, root cause, owner or review, or public without both summaries' })
  create(@Body() body: CreateImprovementActionDto, @CurrentUser() user: AuthenticatedUser): Promise<ImprovementActionDetail> {
    return this.actions.create(body, user);
  }

  @Get()
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'Overdue first, then open by due time, then finished ones, last changed first' })
  list(@Query() query: ImprovementActionQueryDto): Promise<ImprovementActionList> {
    return this.actions.list(query);
  }

  @Get('by-effect')
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: "Done actions by their FCR's effect as last measured: improved (largest first), no change, worsened, too few calls to tell, not yet measured" })
  byEffect(@Query() page: PageQueryDto): Promise<ImprovementActionsByEffect> {
    return this.effects.byEffect({ limit: page.limit ?? 50, offset: page.offset ?? 0 });
  }

  @Get(':id')
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'The action with its history: every change, who made it, old → new' })
  @ApiNotFoundResponse({ description: 'No such action' })
  get(@UuidParam() id: string): Promise<ImprovementActionDetail> {
    return this.actions.get(id);
  }

  @Patch(':id')
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'The action after the change, with its history' })
  @ApiBadRequestResponse({ description: 'Nothing to change, done without result, cancelled without reason, effectiveAt in the future, no topic and no root cause left, public without both summaries' })
  @ApiConflictResponse({ description: 'A status change outside planned → in_progress → done (or cancelled), or any change to a done or cancelled action' })
  @ApiNotFoundResponse({ description: 'No such action' })
  update(@UuidParam() id: string, @Body() body: UpdateImprovementActionDto, @CurrentUser() user: AuthenticatedUser): Promise<ImprovementActionDetail> {
    return this.actions.update(id, body, user);
  }

  @Get(':id/effect')
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'The effect of a done action over equal windows before and after it took effect (decision 0039), as last measured; measured again while its figures can still move' })
  @ApiConflictResponse({ description: 'The action is not done: it has not taken effect' })
  @ApiNotFoundResponse({ description: 'No such action' })
  effect(@UuidParam() id: string): Promise<ImprovementActionEffectView> {
    return this.effects.forAction(id);
  }
}
