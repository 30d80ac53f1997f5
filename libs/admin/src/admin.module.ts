import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';
import { RoutingCatalogService } from './routing-catalog.service.js';
import { TopicsController } from './topics.controller.js';

@Module({
  imports: [AuditModule],
  controllers: [AdminController, TopicsController],
  providers: [RoutingCatalogService],
})
export class AdminModule {}
