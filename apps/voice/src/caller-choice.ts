/**
 * What a SIP INVITE to the service number tells First Contact (docs/voice-edge.md, "Topic and
 * language"): the caller's number, and the topic and language chosen in the IVR in front of the
 * edge. Pure: the edge's events in, the api's `POST /api/telephony/calls` fields out.
 */
export interface CallerChoice {
  /** The caller's number as the api takes it (E.164 or national digits); absent when withheld or not a number. */
  callerNumber?: string;
  topicKey: string;
  language: string;
}

export interface ChoiceRules {
  serviceNumber: string;
  /** A digit dialled after the service number (`02800*1`) to its topic. */
  menu: ReadonlyMap<string, string>;
  defaultTopic: string;
  defaultLanguage: string;
}

const TOPIC = /^[a-z0-9_]{1,64}$/;
const LANGUAGE = /^[a-z]{2,3}$/;

/**
 * The caller's number from the identity their INVITE carries (P-Asserted-Identity if present, else
 * From): the user part if it is a telephone number, `+` and 3–15 digits. `anonymous`, a name or a
 * withheld identity give none: the call is then left out of repeat counting, as DESIGN §3 says.
 */
export function callerNumberOf(identityUri: string | undefined): string | undefined {
  if (!identityUri) return undefined;
  const match = /^(?:sips?|tel):([^@;>]+)/i.exec(identityUri.trim().replace(/^<|>$/g, ''));
  const user = match?.[1] ? decodeURIComponent(match[1]).replace(/[\s().-]/g, '') : '';
  return /^\+?\d{3,15}$/.test(user) ? user : undefined;
}

/**
 * The topic and language, in this order of precedence:
 * 1. the `X-FC-Topic` / `X-FC-Language` headers an IVR in front of the edge sets;
 * 2. `topic` / `lang` parameters of the dialled URI (`sip:02800;topic=passport;lang=en@…`);
 * 3. a menu digit dialled after the service number (`02800*1`, VOICE_MENU);
 * 4. the defaults (VOICE_DEFAULT_TOPIC, VOICE_DEFAULT_LANGUAGE).
 * An unknown topic is the api's to refuse (400), which the edge answers 404 to the caller.
 */
export function chosenTopic(rules: ChoiceRules, invite: { dialled: string; requestUri?: string; topic?: string; language?: string }): Omit<CallerChoice, 'callerNumber'> {
  const params = uriParams(invite.requestUri);
  const digit = invite.dialled.startsWith(`${rules.serviceNumber}*`) ? invite.dialled.slice(rules.serviceNumber.length + 1) : undefined;
  const header = invite.topic?.trim().toLowerCase();
  const topicKey = [header, params.get('topic'), digit === undefined ? undefined : rules.menu.get(digit)].find((t) => t !== undefined && TOPIC.test(t)) ?? rules.defaultTopic;
  const language = [invite.language?.trim().toLowerCase(), params.get('lang')].find((l) => l !== undefined && LANGUAGE.test(l)) ?? rules.defaultLanguage;
  return { topicKey, language };
}

/** `;name=value` parameters of a SIP URI's user part and of the URI itself, lower-cased values. */
function uriParams(uri: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  if (!uri) return params;
  for (const part of uri.split(/[;?&]/).slice(1)) {
    const [name, value] = part.split('=', 2);
    if (name && value) params.set(name.trim().toLowerCase(), decodeURIComponent(value.replace(/@.*$/, '')).trim().toLowerCase());
  }
  return params;
}

/**
 * The SIP URI to ring for an agent's endpoint: a `sip:`/`sips:` URI as it is; an extension (digits)
 * as a user of the edge's own domain, where the agent's phone registers.
 */
export function endpointUri(endpoint: string, sipDomain: string): string {
  return /^sips?:/i.test(endpoint) ? endpoint : `sip:${endpoint}@${sipDomain}`;
}
