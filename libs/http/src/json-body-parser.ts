import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { scan } from 'secure-json-parse';

/** Deepest nesting of arrays and objects a JSON body may have; the deepest legitimate one has 3. */
export const MAX_JSON_DEPTH = 32;

/** A refusal shaped as body-parser's own errors (http-errors), so it leaves as every other bad body does. */
class BadJsonBody extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `[` and `{` in JSON text, in one pass over its bytes, brackets inside
 * strings not counted; stops as soon as it passes `limit`. Malformed text is left for the parser.
 */
export function jsonDepthExceeds(body: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
  }
  return false;
}

/**
 * Whether a `constructor` key is anywhere in a parsed body. No body of ours has one, and the
 * validation pipe's whitelist takes it for a known property (every object has a constructor), so
 * it would otherwise reach the route. The walk is bounded: the body is at most 32 levels deep.
 */
function hasConstructorKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasConstructorKey);
  return Object.keys(value).some((key) => key === 'constructor' || hasConstructorKey((value as Record<string, unknown>)[key]));
}

/**
 * The api's one JSON body parser: body-parser's, with its size limit, plus two refusals (400,
 * nothing read further): a body nested deeper than `MAX_JSON_DEPTH`, checked on the raw bytes
 * before anything parses or walks it; and a body with a `__proto__` key anywhere, found by
 * `secure-json-parse` (fastify's) in the parsed body, or a `constructor` key anywhere.
 */
export function jsonBodyParser(options: { limit: string }): RequestHandler {
  const parse = json({
    limit: options.limit,
    verify: (_request, _response, body) => {
      if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) throw new BadJsonBody(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    parse(request, response, (error?: unknown) => {
      if (error) return next(error);
      const body: unknown = request.body;
      if (body !== null && typeof body === 'object') {
        let forbidden = hasConstructorKey(body);
        try {
          scan(body, { protoAction: 'error', constructorAction: 'error' });
        } catch {
          forbidden = true;
        }
        if (forbidden) return next(new BadJsonBody('The body has a forbidden key (__proto__ or constructor)'));
      }
      next();
    });
  };
}
