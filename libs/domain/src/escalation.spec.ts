import { describe, expect, it } from '@jest/globals';
import { escalationAt, meetsRequirement, startingStep, type TopicRouting } from './escalation.js';

const passport: TopicRouting = {
  skill: 'passport',
  minProficiency: 2,
  steps: [
    { afterSec: 0, minProficiency: 4 },
    { afterSec: 30, minProficiency: 2 },
    { afterSec: 90, includeGeneralists: true },
    { afterSec: 120, offerCallback: true },
  ],
};
const anyoneCould = () => true;

describe('escalation over waiting time', () => {
  it('starts at the first step and names when the next falls due', () => {
    expect(escalationAt(passport, 'lang:nb', 0, anyoneCould)).toEqual({
      stepIndex: 0,
      requirement: { skill: 'passport', minProficiency: 4, languageSkill: 'lang:nb', includeGeneralists: false },
      offerCallback: false,
      nextStepAtSec: 30,
      skipped: 0,
    });
  });

  it('moves to a step exactly when its time comes, keeping what earlier steps set', () => {
    expect(escalationAt(passport, 'lang:nb', 29.9, anyoneCould).stepIndex).toBe(0);
    expect(escalationAt(passport, 'lang:nb', 30, anyoneCould)).toMatchObject({ stepIndex: 1, requirement: { minProficiency: 2, includeGeneralists: false }, nextStepAtSec: 90 });
    expect(escalationAt(passport, 'lang:nb', 90, anyoneCould)).toMatchObject({ stepIndex: 2, requirement: { minProficiency: 2, includeGeneralists: true } });
    expect(escalationAt(passport, 'lang:nb', 125, anyoneCould)).toMatchObject({
      stepIndex: 3,
      requirement: { minProficiency: 2, includeGeneralists: true },
      offerCallback: true,
      nextStepAtSec: null,
    });
  });

  it('uses the topic’s own requirement when there are no steps', () => {
    expect(escalationAt({ skill: 'tips', minProficiency: 3, steps: [] }, 'lang:en', 500, anyoneCould)).toEqual({
      stepIndex: -1,
      requirement: { skill: 'tips', minProficiency: 3, languageSkill: 'lang:en', includeGeneralists: false },
      offerCallback: false,
      nextStepAtSec: null,
      skipped: 0,
    });
  });

  it('skips at once a step nobody logged in could meet, and keeps the age', () => {
    // Nobody logged in has passport at 4: the caller does not wait 30 s for an expert who is not there.
    const onlyJuniors = (r: { minProficiency: number }) => r.minProficiency <= 2;
    expect(escalationAt(passport, 'lang:nb', 5, onlyJuniors)).toMatchObject({ stepIndex: 1, skipped: 1, requirement: { minProficiency: 2 }, nextStepAtSec: 90 });
  });

  it('goes straight to the callback offer when no step could ever be met', () => {
    expect(escalationAt(passport, 'lang:so', 1, () => false)).toMatchObject({ stepIndex: 3, skipped: 3, offerCallback: true, nextStepAtSec: null });
  });
});

describe('meeting a requirement', () => {
  const skills = (entries: Record<string, number>) => new Map(Object.entries(entries));
  const requirement = { skill: 'passport', minProficiency: 3, languageSkill: 'lang:nb', includeGeneralists: false };

  it('needs the topic skill at the minimum proficiency and the language', () => {
    expect(meetsRequirement(skills({ passport: 3, 'lang:nb': 5 }), requirement)).toBe(true);
    expect(meetsRequirement(skills({ passport: 2, 'lang:nb': 5 }), requirement)).toBe(false);
    expect(meetsRequirement(skills({ passport: 5, 'lang:en': 5 }), requirement)).toBe(false);
  });

  it('lets generalists in only when the step says so, and never without the language', () => {
    const generalist = skills({ general: 3, 'lang:nb': 5 });
    expect(meetsRequirement(generalist, requirement)).toBe(false);
    expect(meetsRequirement(generalist, { ...requirement, includeGeneralists: true })).toBe(true);
    expect(meetsRequirement(skills({ general: 3, 'lang:en': 5 }), { ...requirement, includeGeneralists: true })).toBe(false);
  });
});

describe('the step a call starts waiting at', () => {
  it('is the step its topic reaches at 0 s, where a round would put it first', () => {
    expect(startingStep(passport.steps)).toBe(0);
    expect(startingStep(passport.steps)).toBe(escalationAt(passport, 'lang:nb', 0, anyoneCould).stepIndex);
    // Counted in time order, as rounds sort a topic's steps, however they are stored.
    expect(
      startingStep([
        { afterSec: 30, minProficiency: 1 },
        { afterSec: 0, minProficiency: 3 },
      ]),
    ).toBe(0);
    expect(
      startingStep([
        { afterSec: 30, minProficiency: 1 },
        { afterSec: 0, offerCallback: true },
      ]),
    ).toBe(-1);
  });

  it('is the topic’s own requirement (-1) when no step falls due at 0 s, or there are none', () => {
    expect(startingStep([{ afterSec: 10, minProficiency: 1 }])).toBe(-1);
    expect(startingStep([])).toBe(-1);
  });

  it('is -1 when a step reached at 0 s offers a callback: the round that reaches it tells the platform', () => {
    expect(startingStep([{ afterSec: 0, offerCallback: true }])).toBe(-1);
    expect(
      startingStep([
        { afterSec: 0, offerCallback: true, minProficiency: 2 },
        { afterSec: 30, minProficiency: 1 },
      ]),
    ).toBe(-1);
  });
});
