import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type FollowUpAssigneeView, type FollowUpList, type FollowUpView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FollowUpQueryDto } from './dto/follow-up-query.dto.js';
import { UpdateFollowUpDto } from './dto/update-follow-up.dto.js';
import { FollowUpsService } from './follow-ups.service.js';

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin, Role.Agent)
  @ApiOkResponse({ description: 'Overdue first, then open by due time, then finished; an agent sees only their own' })
  list(@Query() query: FollowUpQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<FollowUpList> {
    return this.followUps.list(query, user);
  }

  /** Declared before `:id`, which would take `assignees` for an id. */
  @Get('assignees')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOkResponse({ description: 'The active users a follow-up can be assigned to (ownerUserId): id, username, display name and role, by name' })
  assignees(): Promise<FollowUpAssigneeView[]> {
    return this.followUps.assignees();
  }

  @Get(':id')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin, Role.Agent)
  get(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<FollowUpView> {
    return this.followUps.get(id, user);
  }

  /** Sends a callback follow-up as a call (again): routed to a competent agent, the platform dials; nobody sees the number. */
  @Post(':id/callback')
  @HttpCode(200)
  @Roles(Role.Supervisor, Role.Admin, Role.Agent)
  @ApiOkResponse({ description: 'The follow-up, in progress, with its new callback call' })
  @ApiConflictResponse({ description: 'Not an open callback, its call is still under way, or the number is no longer kept' })
  sendCallback(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<FollowUpView> {
    return this.followUps.sendCallback(id, user);
  }

  @Patch(':id')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin, Role.Agent)
  @ApiConflictResponse({ description: 'done and cancelled are final' })
  update(@UuidParam() id: string, @Body() body: UpdateFollowUpDto, @CurrentUser() user: AuthenticatedUser): Promise<FollowUpView> {
    return this.followUps.update(id, body, user);
  }
}
