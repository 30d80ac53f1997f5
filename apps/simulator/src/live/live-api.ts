import type { ApiErrorBody, LoginResponse } from '@fc/contracts';

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: string };

export interface RequestOptions {
  body?: unknown;
  /** An agent's or supervisor's access token. */
  token?: string;
  /** Sent as the telephony platform, with the api key. */
  telephony?: boolean;
  /**
   * Statuses that are a lost race rather than a failure (404/409 when the caller hung up, the
   * offer was revoked or expired, the wrap-up timed out): counted as races, not errors.
   */
  races?: readonly number[];
}

export interface RequestCounts {
  sent: number;
  races: number;
  errors: number;
  /** The last error, for the progress view and the summary. */
  lastError: string | null;
}

const TIMEOUT_MS = 15_000;

/**
 * HTTP to the api as its clients call it: JSON bodies, a bearer token or the telephony key. Never
 * throws: a failed request (refused, timed out, 5xx, unexpected 4xx) is counted and returned, so
 * one bad answer never stops a bot or the telephony player.
 */
export class LiveApi {
  readonly counts: RequestCounts = { sent: 0, races: 0, errors: 0, lastError: null };

  constructor(
    readonly baseUrl: string,
    private readonly telephonyKey: string,
  ) {}

  async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.telephony) headers['x-api-key'] = this.telephonyKey;
    this.counts.sent++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      return this.failed(0, `${method} ${pathPattern(path)}: ${describe(error)}`, false);
    }
    if (response.ok) {
      try {
        return { ok: true, status: response.status, body: (text ? JSON.parse(text) : null) as T };
      } catch {
        return this.failed(response.status, `${method} ${pathPattern(path)}: the answer is not JSON`, false);
      }
    }
    return this.failed(response.status, `${method} ${pathPattern(path)}: ${response.status} ${messageOf(text)}`, options.races?.includes(response.status) ?? false);
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<ApiResult<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
    return this.request<T>('POST', path, options);
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const result = await this.post<LoginResponse>('/api/auth/login', { body: { username, password } });
    if (!result.ok) throw new LiveRunError(`cannot sign in as ${username}: ${result.error}`);
    return result.body;
  }

  /** Whether the api answers and its PostgreSQL and Redis are up. */
  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }

  private failed(status: number, error: string, race: boolean): ApiResult<never> {
    if (race) this.counts.races++;
    else {
      this.counts.errors++;
      this.counts.lastError = error;
    }
    return { ok: false, status, error };
  }
}

/** A run that cannot go on (no api, a failed sign-in): exit status 1 with its message. */
export class LiveRunError extends Error {}

/** The route, with ids left out, so an error message says which kind of request failed. */
function pathPattern(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (message) return message;
  } catch {
    // not JSON: the text itself, shortened
  }
  return text.slice(0, 200);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
