import type { ApiErrorBody } from '@fc/contracts';

/** An answer of the api other than 2xx, with its `{statusCode, error, message}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
    /** From `Retry-After` on a 429: how many seconds to wait before asking again. */
    readonly retryAfterSec: number | null = null,
  ) {
    super(body ? (Array.isArray(body.message) ? body.message.join('; ') : body.message) : `HTTP ${status}`);
  }
}

/** What to tell the user about a failure: the api's own message, or the error's (nothing when there is none). */
export function errorMessage(error: unknown): string {
  if (error === null || error === undefined) return '';
  return error instanceof Error ? error.message : String(error);
}

type Unauthorized = () => void;
let token: string | null = null;
let onUnauthorized: Unauthorized = () => undefined;

/** The session's bearer token for every request, and what to do when the api no longer accepts it. */
export function configureApi(next: { token: string | null; onUnauthorized?: Unauthorized }): void {
  token = next.token;
  if (next.onUnauthorized) onUnauthorized = next.onUnauthorized;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  accept?: string;
  signal?: AbortSignal;
}

/** A call to the api with the session's token; JSON in and out. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 401 && token) onUnauthorized();
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    throw new ApiError(response.status, body, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
