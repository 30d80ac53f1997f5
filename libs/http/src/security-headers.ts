import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The headers every answer of the api carries (helmet): a Content-Security-Policy that allows
 * scripts, styles, images, fonts and connections (the console's API calls and socket) from the
 * api's own origin only and no framing at all; `nosniff`; no referrer; HSTS. The console, the
 * OpenAPI page and the JSON answers all live with it. A page with a stricter policy of its own
 * (the citizens' feedback page) sets it over this one.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // The OpenAPI page (Swagger UI) sets inline styles; no script can come with them.
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;
}
