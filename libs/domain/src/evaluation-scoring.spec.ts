import { describe, expect, it } from '@jest/globals';
import type { EvaluationCriterion } from '@fc/contracts';
import { EvaluationFormCriteriaError, EvaluationScoresError } from './evaluation-errors.js';
import { calibrationSpread, checkEvaluationCriteria, criteriaChanged, scoreEvaluation } from './evaluation-scoring.js';

const criterion = (key: string, weight: number, scale: '0_4' | 'pass_fail' = '0_4', naAllowed = false): EvaluationCriterion => ({
  key,
  label: { nb: `Kriterium ${key}`, en: `Criterion ${key}` },
  guidance: { nb: 'Hva vi ser etter', en: 'What we look for' },
  weight,
  scale,
  naAllowed,
});
// Weights 3, 2 and 1: closing (0-4), tone (pass/fail), resolved (0-4, may be n/a).
const form = [criterion('closing', 3), criterion('tone', 2, 'pass_fail'), criterion('resolved', 1, '0_4', true)];

describe('scoreEvaluation: the weighted score', () => {
  it('weighs each criterion by its weight over its scale', () => {
    // (3·4/4 + 2·1/1 + 1·2/4) / 6 = 5.5 / 6 = 91.666…% → 91.7
    expect(scoreEvaluation(form, { closing: 4, tone: 1, resolved: 2 })).toBe(91.7);
    // (3·1/4 + 0 + 0) / 6 = 0.75 / 6 = 12.5%
    expect(scoreEvaluation(form, { closing: 1, tone: 0, resolved: 0 })).toBe(12.5);
    expect(scoreEvaluation(form, { closing: 4, tone: 1, resolved: 4 })).toBe(100);
    expect(scoreEvaluation(form, { closing: 0, tone: 0, resolved: 0 })).toBe(0);
  });

  it('leaves a criterion answered n/a out of the weights', () => {
    // (3·2/4 + 2·1) / 5 = 3.5 / 5 = 70%
    expect(scoreEvaluation(form, { closing: 2, tone: 1, resolved: 'na' })).toBe(70);
  });

  it.each([
    { name: 'a criterion unanswered', scores: { closing: 4, tone: 1 }, message: /resolved is not answered/ },
    { name: 'a key the form does not have', scores: { closing: 4, tone: 1, resolved: 2, empathy: 3 }, message: /do(es)? not have: empathy/ },
    { name: 'above the scale', scores: { closing: 5, tone: 1, resolved: 2 }, message: /closing must be a whole number from 0 to 4/ },
    { name: 'pass/fail given 2', scores: { closing: 4, tone: 2, resolved: 2 }, message: /tone must be a whole number from 0 to 1/ },
    { name: 'below the scale', scores: { closing: -1, tone: 1, resolved: 2 }, message: /closing/ },
    { name: 'a fraction', scores: { closing: 2.5, tone: 1, resolved: 2 }, message: /closing must be a whole number/ },
    { name: 'text', scores: { closing: '4', tone: 1, resolved: 2 }, message: /closing must be a whole number/ },
    { name: 'n/a where it is not allowed', scores: { closing: 'na', tone: 1, resolved: 2 }, message: /closing must be scored: n\/a is not allowed/ },
    { name: 'null', scores: { closing: null, tone: 1, resolved: 2 }, message: /closing is not answered/ },
  ])('refuses $name', ({ scores, message }) => {
    expect(() => scoreEvaluation(form, scores as never)).toThrow(EvaluationScoresError);
    expect(() => scoreEvaluation(form, scores as never)).toThrow(message);
  });

  it('refuses scores where every criterion is n/a', () => {
    const allOptional = [criterion('a', 1, '0_4', true), criterion('b', 1, 'pass_fail', true)];
    expect(() => scoreEvaluation(allOptional, { a: 'na', b: 'na' })).toThrow(/every criterion is n\/a/);
  });

  it('refuses what is not an object of scores', () => {
    expect(() => scoreEvaluation(form, [] as never)).toThrow(EvaluationScoresError);
    expect(() => scoreEvaluation(form, null as never)).toThrow(EvaluationScoresError);
  });
});

describe('checkEvaluationCriteria: the form change rules', () => {
  it('takes valid criteria and trims their texts', () => {
    const checked = checkEvaluationCriteria([{ ...criterion('closing', 3), label: { nb: '  Avslutning ', en: 'Closing ' } }]);
    expect(checked).toEqual([{ ...criterion('closing', 3), label: { nb: 'Avslutning', en: 'Closing' } }]);
  });

  it('allows empty guidance', () => {
    expect(checkEvaluationCriteria([{ ...criterion('closing', 3), guidance: { nb: '', en: '' } }])[0]!.guidance).toEqual({ nb: '', en: '' });
  });

  it.each([
    { name: 'no criteria', criteria: [], message: /at least one criterion/ },
    { name: 'a key used twice', criteria: [criterion('closing', 1), criterion('closing', 2)], message: /closing is used twice/ },
    { name: 'a key of the wrong shape', criteria: [criterion('Closing', 1)], message: /key must be/ },
    { name: 'weight 0', criteria: [criterion('closing', 0)], message: /weight must be a whole number from 1 to 100/ },
    { name: 'a fractional weight', criteria: [criterion('closing', 1.5)], message: /weight must be a whole number/ },
    { name: 'weight over 100', criteria: [criterion('closing', 101)], message: /weight must be/ },
    { name: 'an unknown scale', criteria: [{ ...criterion('closing', 1), scale: '1_10' }], message: /scale must be one of 0_4, pass_fail/ },
    { name: 'a blank label', criteria: [{ ...criterion('closing', 1), label: { nb: ' ', en: 'Closing' } }], message: /label.nb must be text, not blank/ },
    { name: 'a missing English label', criteria: [{ ...criterion('closing', 1), label: { nb: 'Avslutning' } }], message: /label.en must be text/ },
    { name: 'naAllowed missing', criteria: [{ ...criterion('closing', 1), naAllowed: undefined }], message: /naAllowed must be true or false/ },
    { name: '31 criteria', criteria: Array.from({ length: 31 }, (_, i) => criterion(`c${i}`, 1)), message: /at most 30 criteria/ },
  ])('refuses $name', ({ criteria, message }) => {
    expect(() => checkEvaluationCriteria(criteria as never)).toThrow(EvaluationFormCriteriaError);
    expect(() => checkEvaluationCriteria(criteria as never)).toThrow(message);
  });
});

describe('criteriaChanged: an edit writes a new version only when the criteria differ', () => {
  it('sees no change in the same criteria', () => {
    expect(
      criteriaChanged(
        form,
        form.map((c) => ({ ...c, label: { ...c.label } })),
      ),
    ).toBe(false);
  });

  it.each([
    { name: 'a weight', next: [criterion('closing', 4), form[1]!, form[2]!] },
    { name: 'the order', next: [form[1]!, form[0]!, form[2]!] },
    { name: 'n/a allowed', next: [form[0]!, form[1]!, criterion('resolved', 1, '0_4', false)] },
    { name: 'guidance', next: [{ ...form[0]!, guidance: { nb: 'Ny', en: 'New' } }, form[1]!, form[2]!] },
    { name: 'a criterion removed', next: [form[0]!, form[1]!] },
  ])('sees a change in $name', ({ next }) => {
    expect(criteriaChanged(form, next)).toBe(true);
  });
});

describe('calibrationSpread', () => {
  it('gives each participant’s value, min, max and mean per criterion and for the total', () => {
    const spread = calibrationSpread(form, [
      { userId: 'a', scores: { closing: 4, tone: 1, resolved: 2 }, score: 91.7 },
      { userId: 'b', scores: { closing: 2, tone: 1, resolved: 'na' }, score: 70 },
      { userId: 'c', scores: { closing: 1, tone: 0, resolved: 0 }, score: 12.5 },
    ]);
    expect(spread.criteria).toEqual([
      {
        key: 'closing',
        values: [
          { userId: 'a', value: 4 },
          { userId: 'b', value: 2 },
          { userId: 'c', value: 1 },
        ],
        min: 1,
        max: 4,
        mean: 2.33,
      },
      {
        key: 'tone',
        values: [
          { userId: 'a', value: 1 },
          { userId: 'b', value: 1 },
          { userId: 'c', value: 0 },
        ],
        min: 0,
        max: 1,
        mean: 0.67,
      },
      // n/a counts in no figure: the mean of 2 and 0.
      {
        key: 'resolved',
        values: [
          { userId: 'a', value: 2 },
          { userId: 'b', value: 'na' },
          { userId: 'c', value: 0 },
        ],
        min: 0,
        max: 2,
        mean: 1,
      },
    ]);
    expect(spread.total).toEqual({
      values: [
        { userId: 'a', value: 91.7 },
        { userId: 'b', value: 70 },
        { userId: 'c', value: 12.5 },
      ],
      min: 12.5,
      max: 91.7,
      mean: 58.07,
    });
  });

  it('has no figures for a criterion everyone answered n/a', () => {
    const spread = calibrationSpread([criterion('resolved', 1, '0_4', true)], [{ userId: 'a', scores: { resolved: 'na' }, score: 0 }]);
    expect(spread.criteria[0]).toEqual({ key: 'resolved', values: [{ userId: 'a', value: 'na' }], min: null, max: null, mean: null });
  });
});
