import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { ApiClient, RequestOptions } from './support/api-client.js';
import { agentsFor, signIn, waitForOffer, type SignedInAgent } from './support/agents.js';
import { JWT_SECRET, TELEPHONY_KEY, TestEnvironment } from './support/test-environment.js';

/**
 * Every bad request answers a clear 4xx in the `{ statusCode, error, message }` shape and
 * changes nothing: a fingerprint of every table is the same before and after.
 */
describe('bad input is refused and changes nothing', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let owner: SignedInAgent;
  let stranger: SignedInAgent;
  let supervisorToken: string;
  let connectedCallId: string;
  let queuedCallId: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    env = await TestEnvironment.create({ OFFER_TIMEOUT_SEC: '300', WRAP_UP_TIMEOUT_SEC: '3600' });
    ({ api } = await env.startApi());
    // Nothing may move by itself while the cases run: no escalation steps, no offer or wrap-up timeouts.
    await env.db.query(`UPDATE agents SET state = 'offline'`);
    await env.db.query(`UPDATE topics SET escalation_steps = '[]'`);
    const [ownerName, strangerName] = await agentsFor(env, 'passport', 3);
    owner = await signIn(api, ownerName!);
    stranger = await signIn(api, strangerName!);
    supervisorToken = (await api.login('super01')).accessToken;

    // One call connected with `owner`, one waiting with nobody available to take it.
    await api.setState(owner.token, 'available');
    connectedCallId = (await api.telephony('/calls', { externalId: 'bad-input-connected', topicKey: 'passport', language: 'nb' })).body.callId;
    await waitForOffer(api, owner, connectedCallId);
    expect((await api.callAction(owner.token, connectedCallId, 'accept')).status).toBe(200);
    queuedCallId = (await api.telephony('/calls', { externalId: 'bad-input-queued', topicKey: 'passport', language: 'nb' })).body.callId;
    before = await env.fingerprint();
  });

  afterAll(() => env.close());

  interface Case {
    name: string;
    method: string;
    path: string | (() => string);
    body: unknown | (() => unknown);
    options: () => RequestOptions;
    status: number;
    message?: RegExp;
  }
  const refused = (name: string, method: string, path: Case['path'], body: Case['body'], options: Case['options'], status: number, message?: RegExp): Case => ({
    name,
    method,
    path,
    body,
    options,
    status,
    message,
  });
  const telephony = (): RequestOptions => ({ apiKey: TELEPHONY_KEY });
  const asOwner = (): RequestOptions => ({ token: owner.token });
  const asStranger = (): RequestOptions => ({ token: stranger.token });
  const asSupervisor = (): RequestOptions => ({ token: supervisorToken });
  const validCall = { externalId: 'never-created', topicKey: 'passport', language: 'nb' };
  const jwt = new JwtService({ secret: JWT_SECRET });
  const claims = () => ({ sub: owner.agentId, username: owner.username, role: 'agent', agentId: owner.agentId });

  const cases: Case[] = [
    // The telephony platform
    refused('no api key', 'POST', '/api/telephony/calls', validCall, () => ({}), 401, /x-api-key/),
    refused('wrong api key', 'POST', '/api/telephony/calls', validCall, () => ({ apiKey: 'guess' }), 401),
    refused('a user token instead of the api key', 'POST', '/api/telephony/calls', validCall, asSupervisor, 401),
    refused('externalId of the wrong type', 'POST', '/api/telephony/calls', { ...validCall, externalId: 42 }, telephony, 400, /externalId/),
    refused('topicKey missing', 'POST', '/api/telephony/calls', { externalId: 'x1', language: 'nb' }, telephony, 400, /topicKey/),
    refused('every field missing', 'POST', '/api/telephony/calls', {}, telephony, 400),
    refused('unknown topic', 'POST', '/api/telephony/calls', { ...validCall, topicKey: 'weather' }, telephony, 400, /Unknown topicKey "weather"/),
    refused('unknown language', 'POST', '/api/telephony/calls', { ...validCall, language: 'xx' }, telephony, 400, /Unknown language "xx"/),
    refused('caller number that is no phone number', 'POST', '/api/telephony/calls', { ...validCall, callerNumber: 'call me maybe' }, telephony, 400, /callerNumber/),
    refused('an unexpected field', 'POST', '/api/telephony/calls', { ...validCall, state: 'completed' }, telephony, 400, /property state should not exist/),
    refused('body that is not JSON', 'POST', '/api/telephony/calls', undefined, () => ({ ...telephony(), raw: '{"externalId": "x",' }), 400),
    refused('body that is a JSON array', 'POST', '/api/telephony/calls', [validCall], telephony, 400),
    refused('oversized body', 'POST', '/api/telephony/calls', undefined, () => ({ ...telephony(), raw: JSON.stringify({ ...validCall, note: 'x'.repeat(200_000) }) }), 413),
    refused('hangup with a malformed id', 'POST', '/api/telephony/calls/123/hangup', undefined, telephony, 400, /uuid/),
    refused('hangup of an unknown call', 'POST', '/api/telephony/calls/6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d/hangup', undefined, telephony, 404),
    refused('callback for an unknown call', 'POST', '/api/telephony/calls/6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d/callback', undefined, telephony, 404),
    refused('callback for a connected call', 'POST', () => `/api/telephony/calls/${connectedCallId}/callback`, undefined, telephony, 409),
    // Signing in
    refused('wrong password', 'POST', '/api/auth/login', { username: 'agent01', password: 'wrong-password' }, () => ({}), 401, /Wrong username or password/),
    refused('unknown user', 'POST', '/api/auth/login', { username: 'nobody', password: 'demo1234' }, () => ({}), 401, /Wrong username or password/),
    refused('login without password', 'POST', '/api/auth/login', { username: 'agent01' }, () => ({}), 400, /password/),
    // Tokens
    refused('no token', 'GET', '/api/agents/me', undefined, () => ({}), 401, /bearer access token/),
    refused('garbage token', 'GET', '/api/agents/me', undefined, () => ({ token: 'not.a.jwt' }), 401, /Access token invalid/),
    refused('expired token', 'GET', '/api/agents/me', undefined, () => ({ token: jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }) }), 401, /Access token expired/),
    refused(
      'token signed with another secret',
      'GET',
      '/api/agents/me',
      undefined,
      () => ({ token: new JwtService({ secret: 'another-secret-another-secret-another' }).sign(claims()) }),
      401,
      /Access token invalid/,
    ),
    refused(
      'unsigned token (alg none)',
      'GET',
      '/api/agents/me',
      undefined,
      () => ({ token: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.` }),
      401,
    ),
    refused('expired token on a change', 'PUT', '/api/agents/me/state', { state: 'break' }, () => ({ token: jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 1 }) }), 401),
    // Roles
    refused('a supervisor acting as an agent', 'PUT', '/api/agents/me/state', { state: 'available' }, asSupervisor, 403, /role agent/),
    refused('a supervisor accepting a call', 'POST', () => `/api/calls/${queuedCallId}/accept`, undefined, asSupervisor, 403),
    // Someone else's call
    refused("reading another agent's call", 'GET', () => `/api/calls/${connectedCallId}`, undefined, asStranger, 404, /Call not found/),
    refused("ending another agent's call", 'POST', () => `/api/calls/${connectedCallId}/end`, undefined, asStranger, 404),
    refused("recording the outcome of another agent's call", 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'resolved', expectationAligned: true }, asStranger, 404),
    refused('accepting a call never offered to you', 'POST', () => `/api/calls/${queuedCallId}/accept`, undefined, asStranger, 404),
    refused('a malformed call id', 'GET', '/api/calls/..%2F..%2Fetc', undefined, asOwner, 400),
    refused('an unknown call', 'GET', '/api/calls/6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d', undefined, asOwner, 404),
    // Illegal transitions
    refused('outcome before the talk ended', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'resolved', expectationAligned: true }, asOwner, 409, /connected cannot record outcome/),
    refused('accepting a call already connected', 'POST', () => `/api/calls/${connectedCallId}/accept`, undefined, asOwner, 409),
    refused('declining a call already connected', 'POST', () => `/api/calls/${connectedCallId}/decline`, undefined, asOwner, 409),
    refused('a break in the middle of a call', 'PUT', '/api/agents/me/state', { state: 'break' }, asOwner, 409, /finish the call first/),
    // Malformed actions
    refused('an outcome that does not exist', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'great', expectationAligned: true }, asOwner, 400, /outcome must be one of/),
    refused('the system-only outcome', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'not_recorded', expectationAligned: true }, asOwner, 400),
    refused('expectationAligned as text', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'resolved', expectationAligned: 'yes' }, asOwner, 400, /expectationAligned/),
    refused('reasonCodes that are not a list', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'resolved', expectationAligned: true, reasonCodes: 'x' }, asOwner, 400),
    refused('a note that is too long', 'POST', () => `/api/calls/${connectedCallId}/outcome`, { outcome: 'resolved', expectationAligned: true, note: 'n'.repeat(2001) }, asOwner, 400, /note/),
    refused('a transfer with both targets', 'POST', () => `/api/calls/${connectedCallId}/transfer`, { topicKey: 'tips', agentId: '6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d' }, asOwner, 400, /exactly one/),
    refused('a transfer with no target', 'POST', () => `/api/calls/${connectedCallId}/transfer`, {}, asOwner, 400, /exactly one/),
    refused('a transfer to an unknown topic', 'POST', () => `/api/calls/${connectedCallId}/transfer`, { topicKey: 'weather' }, asOwner, 400, /Unknown topicKey/),
    refused(
      'a transfer to yourself',
      'POST',
      () => `/api/calls/${connectedCallId}/transfer`,
      () => ({ agentId: owner.agentId }),
      asOwner,
      400,
    ),
    refused('a transfer to an agent who does not exist', 'POST', () => `/api/calls/${connectedCallId}/transfer`, { agentId: '6f1c7a4e-9a43-4c1e-8d0b-2a7e6f9b1c3d' }, asOwner, 400),
    refused(
      'a transfer to an agent who is offline',
      'POST',
      () => `/api/calls/${connectedCallId}/transfer`,
      () => ({ agentId: stranger.agentId }),
      asOwner,
      409,
    ),
    refused('a state only the system sets', 'PUT', '/api/agents/me/state', { state: 'on_call' }, asOwner, 400, /state must be one of/),
    refused('a reason without a break', 'PUT', '/api/agents/me/state', { state: 'offline', reason: 'training' }, asStranger, 400, /reason is only for state break/),
    refused('a break reason only the system gives', 'PUT', '/api/agents/me/state', { state: 'break', reason: 'missed' }, asStranger, 400),
  ];

  // One parameter per test: with more, Jest would take the last for a `done` callback.
  it.each(cases)('$name → $status', async ({ method, path, body, options, status, message }) => {
    const response = await api.request<{ statusCode: number; error: string; message: string | string[] }>(
      method,
      typeof path === 'function' ? path() : path,
      typeof body === 'function' ? (body as () => unknown)() : body,
      options(),
    );
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(response.body.message).toBeDefined();
    if (message) expect([response.body.message].flat().join('; ')).toMatch(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('leaves every table as it was', async () => {
    expect(await env.fingerprint()).toEqual(before);
  });
});
