import type { AgentMeView, CallStateResponse, CallView, LoginResponse } from '@fc/contracts';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string | null;
  /** A raw body, sent as is (for malformed or oversized bodies). */
  raw?: string;
}

/** A thin HTTP client for the api, as the console and the telephony platform would call it. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly telephonyKey: string,
  ) {}

  // Tests read answers of any shape unless they name one; the assertions are what check them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T };
  }

  async login(username: string, password = 'demo1234'): Promise<LoginResponse> {
    const response = await this.request<LoginResponse>('POST', '/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  telephony<T = CallStateResponse>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', `/api/telephony${path}`, body, { apiKey: this.telephonyKey });
  }

  me(token: string): Promise<ApiResponse<AgentMeView>> {
    return this.request<AgentMeView>('GET', '/api/agents/me', undefined, { token });
  }

  setState(token: string, state: string, reason?: string): Promise<ApiResponse<AgentMeView>> {
    return this.request<AgentMeView>('PUT', '/api/agents/me/state', reason === undefined ? { state } : { state, reason }, { token });
  }

  callAction(token: string, callId: string, action: string, body?: unknown): Promise<ApiResponse<CallView>> {
    return this.request<CallView>('POST', `/api/calls/${callId}/${action}`, body, { token });
  }

  getCall(token: string, callId: string): Promise<ApiResponse<CallView>> {
    return this.request<CallView>('GET', `/api/calls/${callId}`, undefined, { token });
  }
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
