import type { CallStateResponse, CreateCallRequest, DialResult, RingResult } from '@fc/contracts';

/** An answer from the api that is not 2xx. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The edge's side of the telephony routes (DESIGN §8, §11): the platform reports, with the
 * telephony key. A report the api could not take (unreachable, 5xx) is tried again, with waits
 * growing from 250 ms to 10 s, until `patienceMs` has passed since the first try: a caller who just
 * rang waits on the line meanwhile (a short patience), and a hang-up or a ring result must reach the
 * api even after an outage of its own (a long one), or First Contact would offer a call nobody is on.
 * Every report can be repeated safely: the same `externalId` is the same call, a second hang-up or
 * ring result is refused (409) or changes nothing.
 */
export class TelephonyApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly options: { timeoutMs?: number; arrivalPatienceMs?: number; reportPatienceMs?: number; onRetry?: (path: string, attempt: number, reason: string) => void } = {},
  ) {}

  receiveCall(body: CreateCallRequest): Promise<CallStateResponse> {
    return this.post('/api/telephony/calls', body, this.options.arrivalPatienceMs ?? 20_000);
  }

  hangUp(callId: string): Promise<CallStateResponse> {
    return this.post(`/api/telephony/calls/${callId}/hangup`, {}, this.options.reportPatienceMs ?? 24 * 3600_000);
  }

  ringResult(callId: string, agentId: string, result: RingResult): Promise<CallStateResponse> {
    return this.post(`/api/telephony/calls/${callId}/ring-result`, { agentId, result }, this.options.reportPatienceMs ?? 24 * 3600_000);
  }

  dialResult(callId: string, result: DialResult): Promise<CallStateResponse> {
    return this.post(`/api/telephony/calls/${callId}/dial-result`, { result }, this.options.reportPatienceMs ?? 24 * 3600_000);
  }

  private async post<T>(path: string, body: unknown, patienceMs: number): Promise<T> {
    const giveUpAt = Date.now() + patienceMs;
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        const text = await response.text();
        if (response.ok) return JSON.parse(text) as T;
        if (response.status < 500) throw new ApiRefusal(response.status, messageOf(text));
        failure = `${response.status}`;
        if (Date.now() >= giveUpAt) throw new ApiRefusal(response.status, messageOf(text));
      } catch (error) {
        if (error instanceof ApiRefusal) throw error;
        failure = (error as Error).name;
        if (Date.now() >= giveUpAt) throw error;
      }
      this.options.onRetry?.(path, attempt, failure);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** (attempt - 1))));
    }
  }
}

function messageOf(text: string): string {
  try {
    return String((JSON.parse(text) as { message?: unknown }).message ?? text);
  } catch {
    return text;
  }
}
