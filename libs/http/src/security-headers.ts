import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Pages of third-party UIs that style themselves inline: Swagger UI's OpenAPI page and Bull Board's job dashboard. */
const INLINE_STYLED_PAGES = ['/api/docs', '/api/admin/jobs'];

const styledInline = (path: string) => INLINE_STYLED_PAGES.some((page) => path === page || path.startsWith(`${page}/`));

const policy = (inlineStyles: boolean, connectSources: readonly string[]): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'", ...connectSources],
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
 * referrer; HSTS. Only the OpenAPI page and the job dashboard may also style themselves inline
 * (Swagger UI and Bull Board do); the board's web fonts from Google stay blocked. A page
 * with a stricter policy of its own (the citizens' feedback page) sets it over this one.
 *
 * `options.softphoneWsUrl`: the voice edge's SIP WebSocket the console's softphone opens
 * (decision 0045); its origin, and only that, is allowed to connect besides the api's own.
 */
export function securityHeaders(options: { softphoneWsUrl?: string | null } = {}): RequestHandler {
  const connectSources = options.softphoneWsUrl ? [new URL(options.softphoneWsUrl).origin] : [];
  const strict = policy(false, connectSources);
  const inlineStyled = policy(true, connectSources);
  return (request, response, next) => (styledInline(request.path) ? inlineStyled : strict)(request, response, next);
}
