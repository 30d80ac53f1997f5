import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type RootCauseView } from '@fc/contracts';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateRootCauseDto } from './dto/create-root-cause.dto.js';
import { UpdateRootCauseDto } from './dto/update-root-cause.dto.js';
import { RootCausesService } from './root-causes.service.js';

/** Administrators extend the root-cause taxonomy and retire causes; nothing is deleted. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/admin/root-causes')
export class RootCausesAdminController {
  constructor(private readonly rootCauses: RootCausesService) {}

  @Get()
  @ApiOkResponse({ description: 'Every root cause, retired ones too' })
  list(): Promise<RootCauseView[]> {
    return this.rootCauses.listAll();
  }

  @Post()
  @ApiCreatedResponse({ description: 'The new root cause, active' })
  @ApiConflictResponse({ description: 'The key exists (perhaps retired: reactivate it instead)' })
  create(@Body() body: CreateRootCauseDto, @CurrentUser() user: AuthenticatedUser): Promise<RootCauseView> {
    return this.rootCauses.create(body, user);
  }

  @Patch(':key')
  @ApiOkResponse({ description: 'The root cause after the change; active false retires it' })
  @ApiNotFoundResponse({ description: 'No such key' })
  update(@Param('key') key: string, @Body() body: UpdateRootCauseDto, @CurrentUser() user: AuthenticatedUser): Promise<RootCauseView> {
    return this.rootCauses.update(key, body, user);
  }
}
