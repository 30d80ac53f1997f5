import { CurrentUser, Roles, type AuthenticatedUser } from '@fc/auth';
import { Role, type UserAdminView } from '@fc/contracts';
import type { Actor } from '@fc/domain';
import { UuidParam } from '@fc/http';
import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UsersService } from './users.service.js';

const admin = (user: AuthenticatedUser): Actor => ({ userId: user.userId, role: Role.Admin });

/** Administrators manage who signs in: create, change, deactivate, reset a password. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserAdminView[]> {
    return this.users.list();
  }

  @Get(':id')
  @ApiNotFoundResponse()
  get(@UuidParam() id: string): Promise<UserAdminView> {
    return this.users.get(id);
  }

  @Post()
  @ApiConflictResponse({ description: 'The username is taken' })
  create(@Body() body: CreateUserDto, @CurrentUser() user: AuthenticatedUser): Promise<UserAdminView> {
    return this.users.create(body, admin(user));
  }

  @Patch(':id')
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'An agent on a call, or an administrator deactivating themselves' })
  update(@UuidParam() id: string, @Body() body: UpdateUserDto, @CurrentUser() user: AuthenticatedUser): Promise<UserAdminView> {
    return this.users.update(id, body, admin(user));
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The new password is set' })
  @ApiNotFoundResponse()
  resetPassword(@UuidParam() id: string, @Body() body: ResetPasswordDto, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.users.resetPassword(id, body.password, admin(user));
  }
}
