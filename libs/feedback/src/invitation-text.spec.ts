import { describe, expect, it } from '@jest/globals';
import { daysLeft, feedbackInvitationText, hoursLeft, leaderInvitationText } from './invitation-text.js';

describe('the feedback invitation text', () => {
  it('says who it is from, gives the link, and says it works once and for how long', () => {
    expect(feedbackInvitationText('https://fc.example/feedback/abc', 72)).toBe(
      'Hei! Takk for at du ringte Politiet på 02800. Hvor fornøyd var du med hjelpen? ' +
        'Svar her: https://fc.example/feedback/abc Lenken kan brukes én gang og gjelder i 72 timer. Hilsen Politiet 02800',
    );
  });

  it('says "1 time" for one hour', () => {
    expect(feedbackInvitationText('https://fc.example/feedback/abc', 1)).toContain('gjelder i 1 time.');
  });
});

describe('hours a link has left', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  const HOUR = 3_600_000;

  it.each([
    { case: 'sent the moment the call completed', left: 72 * HOUR, hours: 72 },
    { case: 'sent a few seconds later', left: 72 * HOUR - 3_000, hours: 72 },
    { case: 'sent four minutes late', left: 72 * HOUR - 4 * 60_000, hours: 72 },
    { case: 'sent ten minutes late (rounds down)', left: 72 * HOUR - 10 * 60_000, hours: 71 },
    { case: 'sent a day late', left: 48 * HOUR, hours: 48 },
    { case: 'an hour and a half left', left: 1.5 * HOUR, hours: 1 },
    { case: 'half an hour left', left: 0.5 * HOUR, hours: 0 },
    { case: 'already expired', left: -HOUR, hours: 0 },
  ])('$case: $hours', ({ left, hours }) => {
    expect(hoursLeft(later(left), now)).toBe(hours);
  });
});

describe('the leader conversation invitation text', () => {
  it('in Norwegian: who it is from, why, the link, once and for how long', () => {
    expect(leaderInvitationText('https://fc.example/conversation/abc', 14, 'nb')).toBe(
      'Hei! Du ringte Politiet på 02800 og var ikke fornøyd. En leder i politiet vil gjerne snakke med deg om opplevelsen din. ' +
        'Svar her: https://fc.example/conversation/abc Lenken kan brukes én gang og gjelder i 14 dager. Hilsen Politiet 02800',
    );
  });

  it('in English, and "1 day" for one day', () => {
    expect(leaderInvitationText('https://fc.example/conversation/abc?lang=en', 1, 'en')).toBe(
      'Hello! You called the Norwegian Police on 02800 and were not satisfied. A police leader would like to talk with you about your experience. ' +
        'Answer here: https://fc.example/conversation/abc?lang=en The link can be used once and is valid for 1 day. Regards, Norwegian Police 02800',
    );
    expect(leaderInvitationText('l', 1, 'nb')).toContain('gjelder i 1 dag.');
  });

  it.each([
    { left: 14 * 24, days: 14 },
    { left: 14 * 24 - 0.05, days: 14 },
    { left: 14 * 24 - 1, days: 13 },
    { left: 23, days: 0 },
  ])('$left hours left are $days days', ({ left, days }) => {
    const now = new Date('2026-03-02T10:00:00.000Z');
    expect(daysLeft(new Date(now.getTime() + left * 3_600_000), now)).toBe(days);
  });
});
