import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type CalibrationSummary, type CalibrationView } from '@fc/contracts';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CalibrationsService } from './calibrations.service.js';
import { CalibrationQueryDto } from './dto/calibration-query.dto.js';
import { CalibrationScoreDto } from './dto/calibration-score.dto.js';
import { StartCalibrationDto } from './dto/start-calibration.dto.js';

/** Quality leads calibrate: score one review blind, then compare (decision 0040). */
@ApiTags('quality')
@ApiBearerAuth()
@Roles(Role.Quality)
@Controller('api/calibrations')
export class CalibrationsController {
  constructor(private readonly calibrations: CalibrationsService) {}

  @Get()
  @ApiOkResponse({ description: 'Calibrations I take part in, open first, newest first' })
  list(@Query() query: CalibrationQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<CalibrationSummary[]> {
    return this.calibrations.list(user, query.reviewId);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The calibration, open, with the form’s current version pinned' })
  @ApiBadRequestResponse({ description: 'Participants who are not active quality leads, or none besides me' })
  @ApiNotFoundResponse({ description: 'No such review or form' })
  start(@Body() body: StartCalibrationDto, @CurrentUser() user: AuthenticatedUser): Promise<CalibrationView> {
    return this.calibrations.start(body, user);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'While open: who has scored and my own evaluation. Closed: every evaluation and the spread per criterion' })
  @ApiForbiddenResponse({ description: 'Open, and I am not a participant' })
  @ApiNotFoundResponse({ description: 'No such calibration' })
  get(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CalibrationView> {
    return this.calibrations.get(id, user);
  }

  @Post(':id/evaluations')
  @ApiCreatedResponse({ description: 'The calibration after my score; closed when I was the last to score' })
  @ApiForbiddenResponse({ description: 'Not a participant' })
  @ApiConflictResponse({ description: 'Closed, or scored by me already' })
  score(@UuidParam() id: string, @Body() body: CalibrationScoreDto, @CurrentUser() user: AuthenticatedUser): Promise<CalibrationView> {
    return this.calibrations.score(id, body, user);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The calibration, closed: the scores given are revealed' })
  @ApiForbiddenResponse({ description: 'Only its starter closes it' })
  @ApiConflictResponse({ description: 'Closed already' })
  close(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CalibrationView> {
    return this.calibrations.close(id, user);
  }
}
