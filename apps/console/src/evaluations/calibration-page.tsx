import { CalibrationStatus, NOT_APPLICABLE, type CalibrationSummary, type CalibrationView, type EvaluationScores, type SpreadFigures } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { dateTime } from '../quality/figures-format';
import { usePageHeading } from '../quality/use-page-heading';
import { useSession } from '../session/session';
import { ScoreForm } from './score-form';
import { formatScore, useText } from './use-text';

/** The calibrations the quality lead takes part in, open first. */
export function CalibrationList() {
  const { t } = useTranslation('evaluations');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const text = useText();
  const heading = usePageHeading('calibrations');
  const list = useQuery({ queryKey: ['calibrations'], queryFn: () => api<CalibrationSummary[]>('/api/calibrations'), staleTime: 0 });
  return (
    <div>
      <h1 ref={heading} tabIndex={-1}>
        {t('calibration.heading')}
      </h1>
      <p className="muted">{t('calibration.intro')}</p>
      {list.isLoading && <p>{common('loading')}</p>}
      {list.error && <p role="alert">{t('errors.load', { message: errorMessage(list.error) })}</p>}
      {list.data?.length === 0 && <p className="muted">{t('calibration.none')}</p>}
      {!!list.data?.length && (
        <table data-testid="calibrations">
          <thead>
            <tr>
              <th scope="col">{t('form.form')}</th>
              <th scope="col">{t('calibration.status')}</th>
              <th scope="col">{t('calibration.participants')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((calibration) => (
              <tr key={calibration.id} data-calibration-id={calibration.id}>
                <td>
                  <Link to={`/quality/calibrations/${calibration.id}`}>
                    {text(calibration.formName)}, {t('version', { version: calibration.version })} · {dateTime(calibration.createdAt, locale)}
                  </Link>
                </td>
                <td>{t(`calibration.${calibration.status}`)}</td>
                <td>{calibration.participants.map((p) => `${p.displayName}${p.scored ? ' ✓' : ''}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * One calibration. Open: who has scored, the form to score blind (or the reader's own score), and
 * for its starter the button that closes it. Closed: the spread per criterion and of the total.
 */
export function CalibrationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('evaluations');
  const { t: common } = useTranslation();
  const { user } = useSession();
  const locale = useLocale();
  const text = useText();
  const queries = useQueryClient();
  const heading = usePageHeading(`calibration-${id}`);
  const calibration = useQuery({ queryKey: ['calibration', id], queryFn: () => api<CalibrationView>(`/api/calibrations/${id}`), staleTime: 0 });
  const done = (view: CalibrationView) => {
    queries.setQueryData(['calibration', id], view);
    void queries.invalidateQueries({ queryKey: ['calibrations'] });
  };
  const score = useMutation({
    mutationFn: (body: { scores: EvaluationScores; comment?: string }) => api<CalibrationView>(`/api/calibrations/${id}/evaluations`, { method: 'POST', body }),
    onSuccess: done,
  });
  const close = useMutation({ mutationFn: () => api<CalibrationView>(`/api/calibrations/${id}/close`, { method: 'POST' }), onSuccess: done });

  if (calibration.isLoading) return <p>{common('loading')}</p>;
  if (!calibration.data) {
    const forbidden = calibration.error instanceof ApiError && calibration.error.status === 403;
    return (
      <p role="alert" className="form-error">
        {forbidden ? t('calibration.forbidden') : t('errors.load', { message: errorMessage(calibration.error) })}
      </p>
    );
  }
  const data = calibration.data;
  const open = data.status === CalibrationStatus.Open;
  const mine = data.evaluations.find((evaluation) => evaluation.evaluator.userId === user?.id);
  const nameOf = (userId: string) => data.participants.find((p) => p.userId === userId)?.displayName ?? '–';
  const figure = (value: number | null) => (value === null ? '–' : formatScore(value, locale));
  const cell = (value: number | typeof NOT_APPLICABLE) => (value === NOT_APPLICABLE ? t('scale.na') : formatScore(value, locale));
  const row = (label: string, figures: SpreadFigures, key: string) => (
    <tr key={key} data-spread-row={key}>
      <th scope="row">{label}</th>
      {figures.values.map((v) => (
        <td key={v.userId} className="number">
          {cell(v.value)}
        </td>
      ))}
      <td className="number" data-figure="min">
        {figure(figures.min)}
      </td>
      <td className="number" data-figure="max">
        {figure(figures.max)}
      </td>
      <td className="number" data-figure="mean">
        {figure(figures.mean)}
      </td>
    </tr>
  );

  return (
    <div className="calibration-page" data-calibration-id={data.id}>
      <Link to={`/quality/reviews/${data.reviewId}`}>
        <span aria-hidden="true">← </span>
        {t('calibration.back')}
      </Link>
      <h1 ref={heading} tabIndex={-1}>
        {t('calibration.pageHeading', { form: text({ nb: data.form.nameNb, en: data.form.nameEn }) })}
      </h1>
      <p className="muted">
        {t('version', { version: data.form.version })} · {t('calibration.startedBy', { name: data.startedBy.displayName })} ·{' '}
        <span className="badge" data-testid="calibration-status">
          {t(`calibration.${data.status}`)}
        </span>
      </p>
      <ul data-testid="calibration-participants">
        {data.participants.map((p) => (
          <li key={p.userId}>
            {p.displayName}: {p.scored ? t('calibration.scored') : t('calibration.waiting')}
          </li>
        ))}
      </ul>
      {open && (
        <section className="panel" aria-labelledby="blind-heading">
          <h2 id="blind-heading">{t('form.heading')}</h2>
          <p className="guidance">{t('calibration.blind')}</p>
          {mine ? (
            <p data-testid="own-calibration-score">{t('calibration.yourScore', { score: formatScore(mine.score, locale) })}</p>
          ) : (
            <ScoreForm
              id="calibration-score"
              criteria={data.form.criteria}
              pending={score.isPending}
              failure={score.error ? t('errors.save', { message: errorMessage(score.error) }) : null}
              onSubmit={(scores, comment) => score.mutate({ scores, comment })}
            />
          )}
          {data.startedBy.userId === user?.id && (
            <>
              <button type="button" disabled={close.isPending} onClick={() => close.mutate()}>
                {t('calibration.close')}
              </button>
              <p role="alert" className="form-error">
                {close.error ? t('errors.save', { message: errorMessage(close.error) }) : null}
              </p>
            </>
          )}
        </section>
      )}
      {data.spread && (
        <section className="panel" aria-labelledby="spread-heading">
          <h2 id="spread-heading">{t('calibration.spread')}</h2>
          <div className="table-scroll">
            <table data-testid="calibration-spread">
              <thead>
                <tr>
                  <th scope="col">{t('calibration.criterion')}</th>
                  {data.spread.total.values.map((v) => (
                    <th scope="col" key={v.userId}>
                      {nameOf(v.userId)}
                    </th>
                  ))}
                  <th scope="col">{t('calibration.min')}</th>
                  <th scope="col">{t('calibration.max')}</th>
                  <th scope="col">{t('calibration.mean')}</th>
                </tr>
              </thead>
              <tbody>
                {data.spread.criteria.map((criterion) => row(text(data.form.criteria.find((c) => c.key === criterion.key)!.label), criterion, criterion.key))}
                {row(t('calibration.total'), data.spread.total, 'total')}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
