import { Roles } from '@fc/auth';
import { Role, type SharedLearningView } from '@fc/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@fc/http';
import { LearningsService } from './learnings.service.js';

@ApiTags('quality')
@ApiBearerAuth()
@Controller('api/learnings')
export class LearningsController {
  constructor(private readonly learnings: LearningsService) {}

  @Get()
  @Roles(Role.Agent, Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOkResponse({ description: 'Shared learnings of done reviews, newest first: topic, root causes and text, nothing personal' })
  list(@Query() page: PageQueryDto): Promise<SharedLearningView[]> {
    return this.learnings.shared(page);
  }
}
