import type { CallStateResponse, CreateCallRequest, RingResult } from '@fc/contracts';

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
 * telephony key. A request the api cannot be reached for is tried again a few times, briefly: a
 * caller is waiting on the line meanwhile.
 */
export class TelephonyApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs = 5000,
  ) {}

  receiveCall(body: CreateCallRequest): Promise<CallStateResponse> {
    return this.post('/api/telephony/calls', body);
  }

  hangUp(callId: string): Promise<CallStateResponse> {
    return this.post(`/api/telephony/calls/${callId}/hangup`, {});
  }

  ringResult(callId: string, agentId: string, result: RingResult): Promise<CallStateResponse> {
    return this.post(`/api/telephony/calls/${callId}/ring-result`, { agentId, result });
  }

  private async post<T>(path: string, body: unknown, attempts = 4): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
        continue;
      }
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as T;
      if (response.status >= 500 && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
        continue;
      }
      let message = text;
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? text);
      } catch {
        // not JSON: the text as it came
      }
      throw new ApiRefusal(response.status, message);
    }
  }
}
