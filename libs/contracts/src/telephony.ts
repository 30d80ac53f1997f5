import type { CallState } from './call.js';

/** Body of `POST /api/telephony/calls`: the platform reports a call that chose a topic in the IVR. */
export interface CreateCallRequest {
  externalId: string;
  /** E.164 or national number; absent when the caller withheld it. */
  callerNumber?: string;
  topicKey: string;
  language: string;
}

export interface CallStateResponse {
  callId: string;
  state: CallState;
}
