import { Roles } from '@fc/auth';
import { Role, type RootCauseView } from '@fc/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RootCausesService } from './root-causes.service.js';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('api/root-causes')
export class RootCausesController {
  constructor(private readonly rootCauses: RootCausesService) {}

  @Get()
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOkResponse({ description: 'The active root causes a review may be tagged with, in their order' })
  list(): Promise<RootCauseView[]> {
    return this.rootCauses.listActive();
  }
}
