import { EVALUATION_SCALES, EvaluationScale, NOT_APPLICABLE, type EvaluationCriterion, type EvaluationScores, type SpreadFigures } from '@fc/contracts';
import { EvaluationFormCriteriaError, EvaluationScoresError } from './evaluation-errors.js';

/** The most criteria a form may have: a form longer than this is not read with care. */
export const EVALUATION_CRITERIA_MAX = 30;
/** The largest weight of one criterion. */
export const EVALUATION_WEIGHT_MAX = 100;
/** Longest label, in characters; guidance may be longer. */
export const EVALUATION_LABEL_MAX = 200;
export const EVALUATION_GUIDANCE_MAX = 1000;
/** Longest evaluation comment and acknowledgement comment, in characters. */
export const EVALUATION_COMMENT_MAX = 2000;

const CRITERION_KEY = /^[a-z][a-z0-9_]{1,63}$/;

/** The highest value of a scale; its lowest is 0. */
export function scaleMax(scale: EvaluationScale): number {
  return scale === EvaluationScale.PassFail ? 1 : 4;
}

/**
 * The weighted score of `scores` against a form version's `criteria` (a percentage, one decimal):
 * each applicable criterion contributes its value over its scale's maximum, times its weight; the
 * sum is divided by the applicable criteria's weights. Every criterion must be answered, each value
 * be a whole number on its scale, 'na' only where the criterion allows it, no key unknown to the
 * form, and at least one criterion applicable.
 */
export function scoreEvaluation(criteria: readonly EvaluationCriterion[], scores: EvaluationScores): number {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) throw new EvaluationScoresError('scores must be an object of criterion keys to values');
  const known = new Set(criteria.map((criterion) => criterion.key));
  const unknown = Object.keys(scores).filter((key) => !known.has(key));
  if (unknown.length) throw new EvaluationScoresError(`scores name criteria the form does not have: ${unknown.join(', ')}`);
  let earned = 0;
  let possible = 0;
  for (const criterion of criteria) {
    const value: unknown = Object.hasOwn(scores, criterion.key) ? scores[criterion.key] : undefined;
    if (value === undefined || value === null) throw new EvaluationScoresError(`criterion ${criterion.key} is not answered`);
    if (value === NOT_APPLICABLE) {
      if (!criterion.naAllowed) throw new EvaluationScoresError(`criterion ${criterion.key} must be scored: n/a is not allowed`);
      continue;
    }
    const max = scaleMax(criterion.scale);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new EvaluationScoresError(`criterion ${criterion.key} must be a whole number from 0 to ${max}${criterion.naAllowed ? " or 'na'" : ''}`);
    }
    earned += (criterion.weight * value) / max;
    possible += criterion.weight;
  }
  if (possible === 0) throw new EvaluationScoresError('every criterion is n/a: score at least one');
  return Math.round((earned / possible) * 1000) / 10;
}

/**
 * The rules a form version's criteria obey: one to {@link EVALUATION_CRITERIA_MAX} criteria, keys
 * unique and of the key shape, labels and guidance in both languages, a whole weight from 1 to
 * {@link EVALUATION_WEIGHT_MAX}, a known scale. Returns them trimmed, as they are stored.
 */
export function checkEvaluationCriteria(criteria: readonly EvaluationCriterion[]): EvaluationCriterion[] {
  if (!Array.isArray(criteria) || criteria.length === 0) throw new EvaluationFormCriteriaError('A form needs at least one criterion');
  if (criteria.length > EVALUATION_CRITERIA_MAX) throw new EvaluationFormCriteriaError(`A form has at most ${EVALUATION_CRITERIA_MAX} criteria`);
  const seen = new Set<string>();
  return criteria.map((criterion, index) => {
    const at = `criterion ${index + 1}`;
    if (typeof criterion.key !== 'string' || !CRITERION_KEY.test(criterion.key))
      throw new EvaluationFormCriteriaError(`${at}: key must be 2-64 lowercase letters, digits or _, starting with a letter`);
    if (seen.has(criterion.key)) throw new EvaluationFormCriteriaError(`${at}: key ${criterion.key} is used twice`);
    seen.add(criterion.key);
    const text = (value: unknown, what: string, max: number, required: boolean) => {
      const trimmed = typeof value === 'string' ? value.trim() : '';
      if (typeof value !== 'string' || (required && !trimmed)) throw new EvaluationFormCriteriaError(`${at} (${criterion.key}): ${what} must be text${required ? ', not blank' : ''}`);
      if (trimmed.length > max) throw new EvaluationFormCriteriaError(`${at} (${criterion.key}): ${what} must be at most ${max} characters`);
      return trimmed;
    };
    if (!Number.isInteger(criterion.weight) || criterion.weight < 1 || criterion.weight > EVALUATION_WEIGHT_MAX) {
      throw new EvaluationFormCriteriaError(`${at} (${criterion.key}): weight must be a whole number from 1 to ${EVALUATION_WEIGHT_MAX}`);
    }
    if (!EVALUATION_SCALES.includes(criterion.scale)) throw new EvaluationFormCriteriaError(`${at} (${criterion.key}): scale must be one of ${EVALUATION_SCALES.join(', ')}`);
    if (typeof criterion.naAllowed !== 'boolean') throw new EvaluationFormCriteriaError(`${at} (${criterion.key}): naAllowed must be true or false`);
    return {
      key: criterion.key,
      label: { nb: text(criterion.label?.nb, 'label.nb', EVALUATION_LABEL_MAX, true), en: text(criterion.label?.en, 'label.en', EVALUATION_LABEL_MAX, true) },
      guidance: { nb: text(criterion.guidance?.nb, 'guidance.nb', EVALUATION_GUIDANCE_MAX, false), en: text(criterion.guidance?.en, 'guidance.en', EVALUATION_GUIDANCE_MAX, false) },
      weight: criterion.weight,
      scale: criterion.scale,
      naAllowed: criterion.naAllowed,
    };
  });
}

/**
 * Whether new criteria make a new version of a form: only when they differ from the current
 * version's (in order, wording, weight, scale or n/a). The same criteria again write nothing, so
 * a save without a change does not split evaluations across two identical versions.
 */
export function criteriaChanged(current: readonly EvaluationCriterion[], next: readonly EvaluationCriterion[]): boolean {
  return JSON.stringify(current.map(canonical)) !== JSON.stringify(next.map(canonical));
}

function canonical(criterion: EvaluationCriterion): unknown[] {
  return [criterion.key, criterion.label.nb, criterion.label.en, criterion.guidance.nb, criterion.guidance.en, criterion.weight, criterion.scale, criterion.naAllowed];
}

/** One participant's evaluation in a calibration. */
export interface CalibrationScore {
  userId: string;
  scores: EvaluationScores;
  score: number;
}

/**
 * How far a calibration's participants lie apart: per criterion each one's value, and the min, max
 * and mean of the values given ('na' counts in none of them); and the same for the total score.
 * Means have two decimals.
 */
export function calibrationSpread(criteria: readonly EvaluationCriterion[], participants: readonly CalibrationScore[]): { criteria: (SpreadFigures & { key: string })[]; total: SpreadFigures } {
  return {
    criteria: criteria.map((criterion) => ({ key: criterion.key, ...figures(participants.map((p) => ({ userId: p.userId, value: p.scores[criterion.key] ?? NOT_APPLICABLE }))) })),
    total: figures(participants.map((p) => ({ userId: p.userId, value: p.score }))),
  };
}

function figures(values: SpreadFigures['values']): SpreadFigures {
  const numbers = values.map((v) => v.value).filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return { values, min: null, max: null, mean: null };
  const mean = numbers.reduce((sum, n) => sum + n, 0) / numbers.length;
  return { values, min: Math.min(...numbers), max: Math.max(...numbers), mean: Math.round(mean * 100) / 100 };
}
