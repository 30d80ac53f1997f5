import { AuditModule } from '@fc/audit';
import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';
import { RoutingCatalogService } from './routing-catalog.service.js';
import { CatalogController } from './catalog.controller.js';

@Module({
  imports: [AuditModule],
  controllers: [AdminController, CatalogController],
  providers: [RoutingCatalogService],
})
export class AdminModule {}
