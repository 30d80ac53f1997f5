import { EvaluationScale, NOT_APPLICABLE, type EvaluationCriterion, type EvaluationScores } from '@fc/contracts';
import { scaleMax, scoreEvaluation } from '@fc/domain';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { formatScore, useText } from './use-text';

/** As EVALUATION_COMMENT_MAX in libs/domain: the api refuses longer comments. */
const COMMENT_MAX = 2000;

/**
 * Scores against a form version: one radio group per criterion (0–4, or pass/fail; n/a where the
 * criterion allows it) with its guidance, the weighted score of what is answered so far (the
 * domain's own `scoreEvaluation`), and a comment to the agent.
 */
export function ScoreForm({
  criteria,
  id,
  pending,
  failure,
  onSubmit,
}: {
  criteria: EvaluationCriterion[];
  id: string;
  pending: boolean;
  failure: string | null;
  onSubmit: (scores: EvaluationScores, comment: string | undefined) => void;
}) {
  const { t } = useTranslation('evaluations');
  const text = useText();
  const locale = useLocale();
  const [scores, setScores] = useState<EvaluationScores>({});
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const answered = criteria.filter((criterion) => scores[criterion.key] !== undefined);
  let live: number | null = null;
  try {
    live = answered.length ? scoreEvaluation(answered, Object.fromEntries(answered.map((c) => [c.key, scores[c.key]!]))) : null;
  } catch {
    // Every answer so far is n/a: nothing to weigh yet.
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = criteria.filter((criterion) => scores[criterion.key] === undefined);
    if (missing.length) return setInvalid(t('form.unanswered', { criteria: missing.map((c) => text(c.label)).join(', ') }));
    setInvalid(null);
    onSubmit(scores, comment.trim() || undefined);
  };

  const options = (criterion: EvaluationCriterion): { value: number | typeof NOT_APPLICABLE; label: string }[] => [
    ...(criterion.scale === EvaluationScale.PassFail
      ? [
          { value: 1, label: t('scale.pass') },
          { value: 0, label: t('scale.fail') },
        ]
      : Array.from({ length: scaleMax(criterion.scale) + 1 }, (_, value) => ({ value, label: String(value) }))),
    ...(criterion.naAllowed ? [{ value: NOT_APPLICABLE as typeof NOT_APPLICABLE, label: t('scale.na') }] : []),
  ];

  return (
    <form onSubmit={submit} noValidate className="score-form" data-testid="score-form">
      {criteria.map((criterion) => (
        <fieldset key={criterion.key} data-criterion={criterion.key}>
          <legend>
            {text(criterion.label)} <span className="muted small">({t('form.weight', { weight: criterion.weight })})</span>
          </legend>
          {text(criterion.guidance) && (
            <p className="muted small" id={`${id}-${criterion.key}-guidance`}>
              {text(criterion.guidance)}
            </p>
          )}
          <div className="row">
            {options(criterion).map((option) => (
              <label key={String(option.value)}>
                <input
                  type="radio"
                  name={`${id}-${criterion.key}`}
                  value={String(option.value)}
                  checked={scores[criterion.key] === option.value}
                  aria-describedby={text(criterion.guidance) ? `${id}-${criterion.key}-guidance` : undefined}
                  onChange={() => setScores((current) => ({ ...current, [criterion.key]: option.value }))}
                />{' '}
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <p role="status">
        {t('form.live')}: <strong data-testid="live-score">{live === null ? t('noScore') : t('percent', { score: formatScore(live, locale) })}</strong>
      </p>
      <label htmlFor={`${id}-comment`}>{t('form.comment')}</label>
      <textarea id={`${id}-comment`} rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(event) => setComment(event.target.value)} />
      <p role="alert" className="form-error">
        {invalid ?? failure}
      </p>
      <button type="submit" className="primary" disabled={pending}>
        {t('form.submit')}
      </button>
    </form>
  );
}
