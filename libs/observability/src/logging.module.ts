import { AppConfig } from '@fc/config';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { logSafeError } from './log-safe-error.js';

/** A feedback or conversation link's token, in a path such as `/feedback/<token>`, `/api/feedback/<token>` or `/conversation/<token>`. */
const FEEDBACK_TOKEN_IN_PATH = /(\/(?:feedback|conversation)\/)(?!assets\/)[^/?#]+/;

/** A logged request must not be a working feedback link: its token is the only credential the citizen has. */
function withoutFeedbackToken<R extends { url?: string }>(request: R): R {
  if (!request.url || !FEEDBACK_TOKEN_IN_PATH.test(request.url)) return request;
  return { ...request, url: request.url.replace(FEEDBACK_TOKEN_IN_PATH, '$1[redacted]'), params: '[redacted]' };
}

/**
 * Structured JSON logs (pino), one line per request with a request id.
 * Secrets and personal data are redacted: tokens, cookies, API keys, passwords, caller numbers and
 * feedback links' tokens. Errors are logged by their type, message, code, stack and query text only,
 * never with the values they carry (`logSafeError`).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (request, response) => {
            // A caller's own id is kept only if it looks like one, so it cannot forge log content.
            const given = request.headers['x-request-id'];
            const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
            response.setHeader('x-request-id', id);
            return id;
          },
          redact: {
            // The job dashboard's session cookie goes out in a response header, so that is redacted too.
            paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body.password', 'req.body.callerNumber'],
            censor: '[redacted]',
          },
          serializers: { req: withoutFeedbackToken, err: logSafeError },
          autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
