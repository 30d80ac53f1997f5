import { describe, expect, it } from '@jest/globals';
import { feedbackInvitationText, hoursLeft } from './invitation-text.js';

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
