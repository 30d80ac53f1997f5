import { ImprovementActionStatus, type ImprovementActionDetail, type ImprovementActionHistoryEntry, type UpdateImprovementActionRequest } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useSession } from '../session/session';
import { useTopics } from '../shared/use-topics';
import { dateTime } from './figures-format';
import { ActionEffect } from './improvement-effect';
import { TimingBadge, useActionsBase } from './improvement-actions';
import { usePageHeading } from './use-page-heading';
import { useRootCauses } from './use-root-causes';

/** A value of the history as text: times in the locale's way, lists joined, nothing as a dash. */
function shown(value: unknown, locale: string): string {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.join(', ') || '–';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value, locale);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One improvement action: what it changes and for what, its status controls, and its history. */
export function ImprovementActionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('improvement');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const { nameOf: causeName } = useRootCauses();
  const queries = useQueryClient();
  const heading = usePageHeading(`improvement-action-${id}`);
  const base = useActionsBase();
  // Reviews are for quality leads only (docs/roles.md): others see that there is one, not a link to it.
  const readsReviews = useSession().user?.role === 'quality';
  const action = useQuery({ queryKey: ['improvement-action', id], queryFn: () => api<ImprovementActionDetail>(`/api/improvement-actions/${id}`), staleTime: 0 });
  const [result, setResult] = useState('');
  const [effectiveAt, setEffectiveAt] = useState('');
  const [cancelReason, setCancelReason] = useState('');

  const change = useMutation({
    mutationFn: (body: UpdateImprovementActionRequest) => api<ImprovementActionDetail>(`/api/improvement-actions/${id}`, { method: 'PATCH', body }),
    onSuccess: (view) => {
      queries.setQueryData(['improvement-action', id], view);
      void queries.invalidateQueries({ queryKey: ['improvement-actions'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queries.invalidateQueries({ queryKey: ['improvement-action', id] });
    },
  });
  const finish = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ status: ImprovementActionStatus.Done, result, ...(effectiveAt ? { effectiveAt: new Date(effectiveAt).toISOString() } : {}) });
  };
  const cancel = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ status: ImprovementActionStatus.Cancelled, cancelReason });
  };

  if (action.isLoading) return <p>{common('loading')}</p>;
  if (!action.data) {
    const notFound = action.error instanceof ApiError && (action.error.status === 404 || action.error.status === 400);
    return (
      <div>
        <p role="alert" className="form-error">
          {notFound ? t('action.notFound') : common('error', { message: errorMessage(action.error) })}
        </p>
        <Link to={base}>{t('action.back')}</Link>
      </div>
    );
  }
  const data = action.data;
  const open = data.status === ImprovementActionStatus.Planned || data.status === ImprovementActionStatus.InProgress;
  const who = (entry: ImprovementActionHistoryEntry) => (entry.actor ? (entry.actor.person?.displayName ?? entry.actor.userId) : t('action.system'));

  return (
    <div className="improvement-action-page" data-action-id={data.id}>
      <Link to={base}>
        <span aria-hidden="true">← </span>
        {t('action.back')}
      </Link>
      <h1 ref={heading} tabIndex={-1}>
        {data.title}
      </h1>
      <p className="muted">
        <span className="badge" data-testid="action-page-status">
          {t(`statuses.${data.status}`)}
        </span>{' '}
        <TimingBadge action={data} />
      </p>
      <div className="grid wide-left">
        <section className="panel" aria-labelledby="action-facts">
          <h2 id="action-facts" className="visually-hidden">
            {t('action.description')}
          </h2>
          <dl>
            <dt>{t('action.description')}</dt>
            <dd>{data.description}</dd>
            <dt>{t('action.kind')}</dt>
            <dd>{t(`kinds.${data.kind}`)}</dd>
            <dt>{t('action.owner')}</dt>
            <dd>{data.owner?.displayName ?? t('list.nobody')}</dd>
            <dt>{t('action.due')}</dt>
            <dd>{dateTime(data.dueAt, locale)}</dd>
            <dt>{t('action.origin')}</dt>
            <dd>
              {t(`origins.${data.origin}`)}
              {data.originReviewId && readsReviews && (
                <>
                  {' · '}
                  <Link to={`/quality/reviews/${data.originReviewId}`}>{t('action.openReview')}</Link>
                </>
              )}
              {data.originInsight && ` · ${dateTime(data.originInsight.from, locale)}–${dateTime(data.originInsight.to, locale)}`}
            </dd>
            <dt>{t('action.topics')}</dt>
            <dd data-testid="action-topics">{data.topicKeys.map(nameOf).join(', ') || '–'}</dd>
            <dt>{t('action.rootCauses')}</dt>
            <dd data-testid="action-root-causes">{data.rootCauseKeys.map(causeName).join(', ') || '–'}</dd>
            {data.effectiveAt && (
              <>
                <dt>{t('action.effectiveAt')}</dt>
                <dd>{dateTime(data.effectiveAt, locale)}</dd>
              </>
            )}
            {data.result && (
              <>
                <dt>{t('action.result')}</dt>
                <dd>{data.result}</dd>
              </>
            )}
            {data.cancelReason && (
              <>
                <dt>{t('action.cancelReason')}</dt>
                <dd>{data.cancelReason}</dd>
              </>
            )}
            <dt>{t('action.publicSummary')}</dt>
            <dd>{data.public ? `${data.publicSummaryNb ?? ''} / ${data.publicSummaryEn ?? ''}` : t('action.notPublic')}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="action-controls">
          <h2 id="action-controls">{t('action.controls')}</h2>
          {!open && <p className="muted">{t('action.final')}</p>}
          {data.status === ImprovementActionStatus.Planned && (
            <button type="button" className="primary" disabled={change.isPending} onClick={() => change.mutate({ status: ImprovementActionStatus.InProgress })}>
              {t('action.start')}
            </button>
          )}
          {data.status === ImprovementActionStatus.InProgress && (
            <form onSubmit={finish} aria-labelledby="finish-heading">
              <h3 id="finish-heading">{t('action.finish')}</h3>
              <p id="finish-help" className="muted small">
                {t('action.finishHelp')}
              </p>
              <label htmlFor="action-result">{t('action.result')}</label>
              <textarea id="action-result" rows={3} required value={result} onChange={(e) => setResult(e.target.value)} aria-describedby="finish-help" />
              <label htmlFor="action-effective">{t('action.effectiveAt')}</label>
              <input id="action-effective" type="datetime-local" value={effectiveAt} onChange={(e) => setEffectiveAt(e.target.value)} />
              <div>
                <button type="submit" className="primary" disabled={change.isPending}>
                  {t('action.finish')}
                </button>
              </div>
            </form>
          )}
          {open && (
            <form onSubmit={cancel} aria-labelledby="cancel-heading">
              <h3 id="cancel-heading">{t('action.cancel')}</h3>
              <label htmlFor="action-cancel-reason">{t('action.cancelReason')}</label>
              <textarea id="action-cancel-reason" rows={2} required value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} aria-describedby="cancel-help" />
              <p id="cancel-help" className="muted small">
                {t('action.cancelHelp')}
              </p>
              <button type="submit" disabled={change.isPending}>
                {t('action.cancel')}
              </button>
            </form>
          )}
          <p role="alert" className="form-error">
            {change.error ? common('error', { message: errorMessage(change.error) }) : ''}
          </p>
          <p role="status" className="muted small">
            {change.isSuccess ? t('action.saved') : ''}
          </p>
        </section>
      </div>
      {data.status === ImprovementActionStatus.Done && <ActionEffect actionId={data.id} />}
      <section className="panel" aria-labelledby="action-history">
        <h2 id="action-history">{t('action.history')}</h2>
        <ol className="history" data-testid="action-history">
          {data.history.map((entry, index) => (
            <li key={index} data-kind={entry.kind}>
              <strong>{t(`action.historyKinds.${entry.kind}`)}</strong> · {dateTime(entry.at, locale)} · {who(entry)}
              <ul className="small">
                {Object.entries(entry.changes).map(([field, { from, to }]) => (
                  <li key={field}>
                    {field}: {shown(from, locale)} → {shown(to, locale)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
