import { describe, expect, it } from '@jest/globals';
import { parseFeedbackForm } from './feedback-form.js';

describe('the form as a browser without script posts it', () => {
  it.each([
    { case: 'a score alone', form: { score: '4' }, answer: { score: 4 } },
    { case: 'a score and a comment', form: { score: '1', comment: 'Lang ventetid' }, answer: { score: 1, comment: 'Lang ventetid' } },
    { case: 'a blank comment', form: { score: '5', comment: '   ' }, answer: { score: 5 } },
    { case: 'CRLF line breaks', form: { score: '3', comment: 'a\r\nb' }, answer: { score: 3, comment: 'a\nb' } },
    { case: '1000 characters with CRLF counted as one each', form: { score: '3', comment: `${'x'.repeat(998)}\r\ny` }, answer: { score: 3, comment: `${'x'.repeat(998)}\ny` } },
  ])('takes $case', ({ form, answer }) => {
    expect(parseFeedbackForm(form)).toEqual(answer);
  });

  it.each([
    { case: 'no score', form: { comment: 'hei' } },
    { case: 'score 0', form: { score: '0' } },
    { case: 'score 6', form: { score: '6' } },
    { case: 'score 2.5', form: { score: '2.5' } },
    { case: 'score " 3"', form: { score: ' 3' } },
    { case: 'a repeated score', form: { score: ['3', '4'] } },
    { case: 'a comment of 1001 characters', form: { score: '3', comment: 'x'.repeat(1001) } },
    { case: 'no body at all', form: undefined },
  ])('refuses $case', ({ form }) => {
    expect(parseFeedbackForm(form)).toBeNull();
  });
});
