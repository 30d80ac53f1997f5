import { describe, expect, it } from '@jest/globals';
import { parseConversationForm } from './conversation-form.js';

// Wednesday 2 December 2026, 10:00 in Oslo.
const NOW = new Date('2026-12-02T09:00:00.000Z');
const parse = (form: unknown) => parseConversationForm(form, NOW, 'Europe/Oslo');

describe('the conversation form as the page posts it', () => {
  it.each([
    { case: 'accepted, with the empty time fields a browser sends', form: { answer: 'accepted', date: '', time: '', message: '' }, answer: { answer: 'accepted', suggestedTime: null, message: null } },
    { case: 'declined with a message', form: { answer: 'declined', message: 'Nei takk.\r\nHilsen meg' }, answer: { answer: 'declined', suggestedTime: null, message: 'Nei takk.\nHilsen meg' } },
    { case: 'accepted, a date given but ignored', form: { answer: 'accepted', date: '2026-12-05', time: '17:00' }, answer: { answer: 'accepted', suggestedTime: null, message: null } },
    {
      case: 'a time suggested',
      form: { answer: 'time_suggested', date: '2026-12-07', time: '10:00', message: '   ' },
      answer: { answer: 'time_suggested', suggestedTime: new Date('2026-12-07T09:00:00.000Z'), message: null },
    },
    {
      case: '500 characters with CRLF counted as one each',
      form: { answer: 'accepted', message: `${'x'.repeat(498)}\r\ny` },
      answer: { answer: 'accepted', suggestedTime: null, message: `${'x'.repeat(498)}\ny` },
    },
  ])('takes $case', ({ form, answer }) => {
    expect(parse(form)).toEqual({ answer });
  });

  it.each([
    { case: 'no body', form: undefined, problem: 'invalidChoice' },
    { case: 'no answer', form: { message: 'hei' }, problem: 'invalidChoice' },
    { case: 'an unknown answer', form: { answer: 'yes' }, problem: 'invalidChoice' },
    { case: 'a repeated answer', form: { answer: ['accepted', 'declined'] }, problem: 'invalidChoice' },
    { case: 'an unknown field', form: { answer: 'accepted', phone: '+4799999999' }, problem: 'invalidChoice' },
    { case: 'a time suggested without a date', form: { answer: 'time_suggested', time: '10:00' }, problem: 'invalidTime' },
    { case: 'a time suggested on a Saturday', form: { answer: 'time_suggested', date: '2026-12-05', time: '10:00' }, problem: 'invalidTime' },
    { case: 'a time suggested after hours', form: { answer: 'time_suggested', date: '2026-12-07', time: '16:00' }, problem: 'invalidTime' },
    { case: 'a message of 501 characters', form: { answer: 'accepted', message: 'x'.repeat(501) }, problem: 'invalidMessage' },
  ])('refuses $case', ({ form, problem }) => {
    expect(parse(form)).toEqual({ problem });
  });
});
