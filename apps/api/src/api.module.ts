import { AdminModule } from '@fc/admin';
import { AgentsModule } from '@fc/agents';
import { AuditModule } from '@fc/audit';
import { AuthModule } from '@fc/auth';
import { CallsModule } from '@fc/calls';
import { AppConfig, AppConfigModule } from '@fc/config';
import { FeedbackModule } from '@fc/feedback';
import { FollowUpModule } from '@fc/follow-up';
import { ImprovementModule } from '@fc/improvement';
import { JobsModule } from '@fc/jobs';
import { LoggingModule, ObservabilityModule } from '@fc/observability';
import { API_APPLICATION_NAME, PersistenceModule } from '@fc/persistence';
import { QualityModule } from '@fc/quality';
import { MetricsModule } from '@fc/metrics';
import { RealtimeModule } from '@fc/realtime';
import { RedisModule } from '@fc/redis';
import { RoutingModule } from '@fc/routing';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { consoleAssets } from './console-assets.js';
import { JobDashboardSessionController } from './job-dashboard-session.controller.js';
import { JobDashboardSessionService } from './job-dashboard-session.service.js';

/** The api process: HTTP routes, routing rounds and their tick, the live floor's sockets, and the job dashboard. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        PersistenceModule.forRoot(API_APPLICATION_NAME),
        RedisModule,
        EventEmitterModule.forRoot(),
        AuthModule,
        CallsModule,
        AgentsModule,
        RoutingModule,
        AdminModule,
        RealtimeModule,
        MetricsModule,
        JobsModule,
        FollowUpModule,
        QualityModule,
        ImprovementModule,
        FeedbackModule,
        ObservabilityModule,
        AuditModule,
        ...consoleAssets(),
      ],
      // The job dashboard's session: api wiring around a third-party board, not a capability.
      controllers: [JobDashboardSessionController],
      providers: [JobDashboardSessionService],
    };
  }
}
