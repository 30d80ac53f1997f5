import { IMPROVEMENT_ACTION_STATUSES, type ImprovementActionList, type ImprovementActionStatus, type ImprovementActionView } from '@fc/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, errorMessage, query } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { TopicSelect } from '../shared/topic-select';
import { useTopics } from '../shared/use-topics';
import { dateTime } from './figures-format';
import { usePageHeading } from './use-page-heading';
import { useRootCauses } from './use-root-causes';

/** Where the actions live: in the quality view for quality leads, a view of their own for supervisors and admins. */
export function useActionsBase(): string {
  return useLocation().pathname.startsWith('/quality') ? '/quality/actions' : '/actions';
}

const statusBadge = (status: ImprovementActionStatus) => (status === 'done' ? 'badge ok' : status === 'in_progress' ? 'badge warn' : 'badge');

/** The timing of an open action as a badge: overdue in red, due soon in amber, on track not marked. */
export function TimingBadge({ action }: { action: ImprovementActionView }) {
  const { t } = useTranslation('improvement');
  if (action.timing === 'overdue') return <span className="badge danger">{t('timings.overdue')}</span>;
  if (action.timing === 'due_soon') return <span className="badge warn">{t('timings.due_soon')}</span>;
  return null;
}

/** The improvement actions: overdue first, then open ones by due time, then finished ones; filtered by status and topic. */
export function ImprovementActions() {
  const { t } = useTranslation('improvement');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const { nameOf: causeName } = useRootCauses();
  const heading = usePageHeading('improvement-actions');
  const base = useActionsBase();
  const [status, setStatus] = useState<ImprovementActionStatus | ''>('');
  const [topicKey, setTopicKey] = useState('');
  const path = `/api/improvement-actions${query({ status, topicKey, limit: 200 })}`;
  const list = useQuery({ queryKey: ['improvement-actions', path], queryFn: () => api<ImprovementActionList>(path), placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];

  return (
    <div className="improvement-actions">
      <h1 ref={heading} tabIndex={-1}>
        {t('list.heading')}
      </h1>
      <p className="muted">
        {t('list.intro')} <Link to={`${base}/by-effect`}>{t('effect.byEffect')}</Link>
      </p>
      <form className="panel filters" onSubmit={(e) => e.preventDefault()} aria-label={t('list.filters')}>
        <div className="row">
          <div>
            <label htmlFor="action-status">{t('list.status')}</label>
            <select id="action-status" value={status} onChange={(e) => setStatus(e.target.value as ImprovementActionStatus | '')}>
              <option value="">{t('list.anyStatus')}</option>
              {IMPROVEMENT_ACTION_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`statuses.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <TopicSelect id="action-topic" label={t('list.topic')} anyLabel={t('list.anyTopic')} value={topicKey} onChange={setTopicKey} />
          </div>
        </div>
        <p role="alert" className="form-error">
          {list.error ? common('error', { message: errorMessage(list.error) }) : ''}
        </p>
      </form>
      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('list.summary', { total: list.data?.total ?? 0, overdue: list.data?.overdue ?? 0 })}</h2>
        {list.isLoading ? (
          <p>{common('loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted">{t('list.none')}</p>
        ) : (
          <div className="table-scroll">
            <table data-testid="improvement-actions">
              <thead>
                <tr>
                  <th scope="col">{t('list.title')}</th>
                  <th scope="col">{t('list.kind')}</th>
                  <th scope="col">{t('list.status')}</th>
                  <th scope="col">{t('list.owner')}</th>
                  <th scope="col">{t('list.due')}</th>
                  <th scope="col">{t('list.targets')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((action) => (
                  <tr key={action.id} data-action-id={action.id} data-timing={action.timing ?? 'finished'}>
                    <th scope="row">
                      <Link to={`${base}/${action.id}`}>{action.title}</Link>
                    </th>
                    <td>{t(`kinds.${action.kind}`)}</td>
                    <td>
                      <span className={statusBadge(action.status)} data-testid="action-status">
                        {t(`statuses.${action.status}`)}
                      </span>
                    </td>
                    <td>{action.owner?.displayName ?? t('list.nobody')}</td>
                    <td>
                      {dateTime(action.dueAt, locale)} <TimingBadge action={action} />
                    </td>
                    <td>{[...action.topicKeys.map(nameOf), ...action.rootCauseKeys.map(causeName)].join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
