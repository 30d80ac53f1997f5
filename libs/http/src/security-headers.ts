import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Where Swagger UI serves the OpenAPI page; it styles itself inline. */
const OPENAPI_PAGE = '/api/docs';

const policy = (inlineStyles: boolean): RequestHandler =>
  helmet({
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
        styleSrc: inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;

/**
 * The headers every answer of the api carries (helmet): a Content-Security-Policy that allows
 * scripts, styles, images, fonts and connections (the console's API calls and socket) from the
 * api's own origin only, no inline script anywhere and no framing at all; `nosniff`; no
 * referrer; HSTS. Only the OpenAPI page may also style itself inline (Swagger UI does). A page
 * with a stricter policy of its own (the citizens' feedback page) sets it over this one.
 */
export function securityHeaders(): RequestHandler {
  const strict = policy(false);
  const openApiPage = policy(true);
  return (request, response, next) => (request.path === OPENAPI_PAGE || request.path.startsWith(`${OPENAPI_PAGE}/`) ? openApiPage : strict)(request, response, next);
}
