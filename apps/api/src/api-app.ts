import { AppConfig } from '@fc/config';
import { jsonBodyParser, securityHeaders } from '@fc/http';
import { FloorIoAdapter } from '@fc/realtime';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { ApiModule } from './api.module.js';
import { mountJobDashboard } from './job-dashboard.js';

/** Largest JSON body accepted; the biggest legitimate one (an outcome with its note) is far smaller. */
export const MAX_JSON_BODY = '64kb';

/** Builds the api exactly as production runs it; `main.ts` and the end-to-end tests both use this. */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new FloorIoAdapter(app, config));
  // The one JSON body parser: size, depth and prototype keys (libs/http).
  app.use(jsonBodyParser({ limit: MAX_JSON_BODY }));
  // Every answer, the job dashboard's included, carries the security headers (libs/http).
  app.use(securityHeaders({ softphoneWsUrl: config.voiceSoftphoneWsUrl }));
  // Before Nest's routes; Bull Board is Express of its own, outside the pipes below (job-dashboard.ts).
  mountJobDashboard(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ApiExceptionFilter());
  // Only the configured proxies may say who the client is (X-Forwarded-For); none by default.
  app.set('trust proxy', [...config.trustedProxies]);
  app.disable('x-powered-by');
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('First Contact API')
      .setDescription('Contact-centre backend of the police non-emergency line: calls, routing, agents.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'telephony-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
