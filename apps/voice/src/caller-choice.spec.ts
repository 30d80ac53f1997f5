import { describe, expect, it } from '@jest/globals';
import { callerNumberOf, chosenTopic, endpointUri } from './caller-choice.js';

const rules = {
  serviceNumber: '02800',
  menu: new Map([
    ['1', 'passport'],
    ['2', 'firearms'],
  ]),
  defaultTopic: 'other',
  defaultLanguage: 'nb',
};

describe('what an INVITE to the service number tells First Contact', () => {
  it('takes the caller number from the identity, and none from a withheld or named one', () => {
    expect(callerNumberOf('sip:4791234567@10.0.0.1:5060')).toBe('4791234567');
    expect(callerNumberOf('<sip:+4791234567@carrier.example;user=phone>')).toBe('+4791234567');
    expect(callerNumberOf('tel:+47-912-34-567')).toBe('+4791234567');
    expect(callerNumberOf('sip:anonymous@anonymous.invalid')).toBeUndefined();
    expect(callerNumberOf('sip:alice@example.org')).toBeUndefined();
    expect(callerNumberOf('sip:12@example.org')).toBeUndefined();
    expect(callerNumberOf(undefined)).toBeUndefined();
  });

  it('chooses the topic from the IVR header, then the URI, then the menu digit, then the default', () => {
    expect(chosenTopic(rules, { dialled: '02800*1', topic: 'Tips', language: 'EN' })).toEqual({ topicKey: 'tips', language: 'en' });
    expect(chosenTopic(rules, { dialled: '02800', requestUri: 'sip:02800@edge;topic=lost_property;lang=pl' })).toEqual({ topicKey: 'lost_property', language: 'pl' });
    expect(chosenTopic(rules, { dialled: '02800*2' })).toEqual({ topicKey: 'firearms', language: 'nb' });
    expect(chosenTopic(rules, { dialled: '02800*9' })).toEqual({ topicKey: 'other', language: 'nb' });
    expect(chosenTopic(rules, { dialled: '02800' })).toEqual({ topicKey: 'other', language: 'nb' });
  });

  it('ignores a header that is no topic key or language code', () => {
    expect(chosenTopic(rules, { dialled: '02800*1', topic: 'pass port; drop', language: 'norsk' })).toEqual({ topicKey: 'passport', language: 'nb' });
  });

  it('rings a SIP endpoint as it is, an extension at the edge', () => {
    expect(endpointUri('sip:agent37@fc.local', 'fc.local')).toBe('sip:agent37@fc.local');
    expect(endpointUri('1001', '127.0.0.1')).toBe('sip:1001@127.0.0.1');
  });
});
