import { Role, type CalibrationSummary, type CalibrationView, type EvaluationFormView, type EvaluationScores, type EvaluationView, type FollowUpAssigneeView } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { dateTime } from '../quality/figures-format';
import { useSession } from '../session/session';
import { ScoreForm } from './score-form';
import { formatScore, useText } from './use-text';

/**
 * A review's scored evaluations on the review page: the ones given (with the form version each was
 * scored with), "Score" with the form's current version, and calibrations of the review.
 */
export function EvaluationPanel({ reviewId }: { reviewId: string }) {
  const { t } = useTranslation('evaluations');
  const locale = useLocale();
  const text = useText();
  const queries = useQueryClient();
  const [scoring, setScoring] = useState(false);
  const [formKey, setFormKey] = useState<string | null>(null);
  const evaluations = useQuery({ queryKey: ['evaluations', reviewId], queryFn: () => api<EvaluationView[]>(`/api/reviews/${reviewId}/evaluations`), staleTime: 0 });
  const forms = useQuery({ queryKey: ['evaluation-forms'], queryFn: () => api<EvaluationFormView[]>('/api/evaluation-forms') });
  const form = forms.data?.find((f) => f.key === formKey) ?? forms.data?.[0];
  const create = useMutation({
    mutationFn: ({ scores, comment }: { scores: EvaluationScores; comment?: string }) =>
      api<EvaluationView>(`/api/reviews/${reviewId}/evaluations`, { method: 'POST', body: { formKey: form!.key, scores, comment } }),
    onSuccess: () => {
      setScoring(false);
      void queries.invalidateQueries({ queryKey: ['evaluations', reviewId] });
    },
  });

  return (
    <section className="panel evaluation-panel" aria-labelledby="evaluations-heading">
      <div className="row spread">
        <h2 id="evaluations-heading">{t('review.heading')}</h2>
        {!scoring && form && (
          <button
            type="button"
            onClick={() => {
              create.reset();
              setScoring(true);
            }}
          >
            {t('review.scoreButton')}
          </button>
        )}
      </div>
      {forms.error && <p role="alert">{t('errors.load', { message: errorMessage(forms.error) })}</p>}
      {scoring && form && (
        <div className="panel">
          <h3>{t('form.heading')}</h3>
          {(forms.data?.length ?? 0) > 1 && (
            <label>
              {t('form.form')}{' '}
              <select value={form.key} onChange={(event) => setFormKey(event.target.value)}>
                {forms.data!.map((f) => (
                  <option key={f.key} value={f.key}>
                    {text({ nb: f.nameNb, en: f.nameEn })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted" data-testid="scoring-form-version">
            {text({ nb: form.nameNb, en: form.nameEn })}, {t('version', { version: form.version })}
          </p>
          <ScoreForm
            key={form.versionId}
            id="review-score"
            criteria={form.criteria}
            pending={create.isPending}
            failure={create.error ? t('errors.save', { message: errorMessage(create.error) }) : null}
            onSubmit={(scores, comment) => create.mutate({ scores, comment })}
          />
          <button type="button" onClick={() => setScoring(false)}>
            {t('review.cancel')}
          </button>
        </div>
      )}
      {evaluations.error && <p role="alert">{t('errors.load', { message: errorMessage(evaluations.error) })}</p>}
      {evaluations.data?.length === 0 && <p className="muted">{t('review.none')}</p>}
      <ul className="evaluation-list" data-testid="review-evaluations">
        {evaluations.data?.map((evaluation) => (
          <li key={evaluation.id} data-evaluation-id={evaluation.id}>
            <strong data-testid="evaluation-score">{t('percent', { score: formatScore(evaluation.score, locale) })}</strong> ·{' '}
            <span data-testid="evaluation-version">
              {text({ nb: evaluation.form.nameNb, en: evaluation.form.nameEn })}, {t('version', { version: evaluation.form.version })}
            </span>
            <div className="muted small">{t('review.by', { name: evaluation.evaluator.displayName, time: dateTime(evaluation.submittedAt, locale) })}</div>
            {evaluation.comment && <blockquote className="note">{evaluation.comment}</blockquote>}
          </li>
        ))}
      </ul>
      {form && <StartCalibration reviewId={reviewId} formKey={form.key} />}
    </section>
  );
}

/** The calibrations of this review the reader takes part in, and a form to start one with other quality leads. */
function StartCalibration({ reviewId, formKey }: { reviewId: string; formKey: string }) {
  const { t } = useTranslation('evaluations');
  const { user } = useSession();
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<string | null>(null);
  const calibrations = useQuery({ queryKey: ['calibrations', reviewId], queryFn: () => api<CalibrationSummary[]>(`/api/calibrations?reviewId=${reviewId}`), staleTime: 0 });
  const people = useQuery({ queryKey: ['assignees'], queryFn: () => api<FollowUpAssigneeView[]>('/api/follow-ups/assignees') });
  const leads = (people.data ?? []).filter((person) => person.role === Role.Quality && person.id !== user?.id);
  const start = useMutation({
    mutationFn: () => api<CalibrationView>('/api/calibrations', { method: 'POST', body: { reviewId, participantUserIds: chosen, formKey } }),
    onSuccess: (calibration) => void navigate(`/quality/calibrations/${calibration.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return setInvalid(t('calibration.needParticipant'));
    setInvalid(null);
    start.mutate();
  };
  return (
    <div className="calibration-start">
      <h3>{t('calibration.heading')}</h3>
      <ul>
        {calibrations.data?.map((calibration) => (
          <li key={calibration.id}>
            <Link to={`/quality/calibrations/${calibration.id}`}>{t('calibration.startedBy', { name: calibration.startedBy.displayName })}</Link> · {t(`calibration.${calibration.status}`)}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('calibration.participants')}</legend>
          {leads.map((lead) => (
            <label key={lead.id} className="block">
              <input
                type="checkbox"
                checked={chosen.includes(lead.id)}
                onChange={(event) => setChosen((current) => (event.target.checked ? [...current, lead.id] : current.filter((id) => id !== lead.id)))}
              />{' '}
              {lead.displayName}
            </label>
          ))}
        </fieldset>
        <p role="alert" className="form-error">
          {invalid ?? (start.error ? t('errors.save', { message: errorMessage(start.error) }) : null)}
        </p>
        <button type="submit" disabled={start.isPending}>
          {t('calibration.start')}
        </button>
      </form>
    </div>
  );
}
