import { AuditModule } from '@fc/audit';
import { AuthModule } from '@fc/auth';
import { JourneyModule } from '@fc/journey';
import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';
import { CatalogController } from './catalog.controller.js';
import { RoutingCatalogService } from './routing-catalog.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuditModule, AuthModule, JourneyModule],
  controllers: [AdminController, CatalogController, UsersController],
  providers: [RoutingCatalogService, UsersService, UsersRepository],
})
export class AdminModule {}
