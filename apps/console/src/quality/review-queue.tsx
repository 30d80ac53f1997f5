import type { ReviewList, ReviewSummary } from '@fc/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, query, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { dateTime } from './figures-format';
import { periodRange } from './period';
import { filtersFrom, ReviewFiltersForm, searchOf, type ReviewFilters } from './review-filters';
import { usePageHeading } from './use-page-heading';
import { useRootCauses } from './use-root-causes';

export const PAGE_SIZE = 25;

/** The api's query for these filters and page; null while the created-at period runs backwards. */
function listPath(filters: ReviewFilters, page: number): string | null {
  // A day that is not one (typed into the address bar) is no filter.
  const from = filters.from ? periodRange({ from: filters.from, to: filters.from })?.from : undefined;
  const to = filters.to ? periodRange({ from: filters.to, to: filters.to })?.to : undefined;
  if (from && to && to <= from) return null;
  return `/api/reviews${query({
    status: filters.status,
    cause: filters.cause,
    topicKey: filters.topicKey,
    rootCause: filters.rootCause,
    agentId: filters.agentId,
    mine: filters.mine ? true : undefined,
    from,
    to,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  })}`;
}

const statusBadge = (status: ReviewSummary['status']) => (status === 'done' ? 'badge ok' : status === 'in_progress' ? 'badge warn' : 'badge');

/** The review queue: filters in the address bar, pages of 25, arrow keys between rows, Enter opens one. */
export function ReviewQueue() {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const { nameOf: causeName } = useRootCauses();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const filters = filtersFrom(search);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const path = listPath(filters, page);
  const list = useQuery({
    queryKey: ['reviews', path],
    queryFn: () => api<ReviewList>(path!),
    enabled: path !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const opened = (location.state as { opened?: string } | null)?.opened;
  const heading = usePageHeading('queue');
  const table = useRef<HTMLTableElement>(null);

  // Back from a review: the focus returns to the row that was opened, not to the top of the page.
  useEffect(() => {
    if (!opened || !list.data) return;
    table.current?.querySelector<HTMLAnchorElement>(`tr[data-review-id="${opened}"] a`)?.focus();
  }, [opened, list.data]);

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const back = `/quality?${searchOf(filters, page).toString()}`;

  const moveFocus = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...(table.current?.querySelectorAll<HTMLAnchorElement>('tbody a.review-link') ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = at === -1 ? 0 : at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= links.length) return;
    event.preventDefault();
    links[next]!.focus();
  };

  return (
    <div className="review-queue">
      <h1 ref={heading} tabIndex={-1}>
        {t('queue.heading')}
      </h1>
      <p className="muted">{t('queue.intro')}</p>
      <ReviewFiltersForm filters={filters} onChange={(next) => setSearch(searchOf(next), { replace: true })} />
      <section className="panel" aria-labelledby="reviews-heading">
        <div className="row spread">
          <h2 id="reviews-heading">
            {t('nav.queue')}{' '}
            <span className="badge" data-testid="review-total">
              {total}
            </span>
          </h2>
          <p className="muted small" id="queue-keyboard">
            {t('queue.keyboard')}
          </p>
        </div>
        {list.error && (
          <p role="alert" className="form-error">
            {common('error', { message: errorMessage(list.error) })}
          </p>
        )}
        {list.isLoading ? (
          <p>{common('loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="no-reviews">
            {t('queue.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table ref={table} data-testid="review-queue" onKeyDown={moveFocus} aria-describedby="queue-keyboard" aria-busy={list.isFetching || undefined}>
              <thead>
                <tr>
                  <th scope="col">{t('queue.created')}</th>
                  <th scope="col">{t('queue.topic')}</th>
                  <th scope="col">{t('queue.cause')}</th>
                  <th scope="col">{t('queue.agent')}</th>
                  <th scope="col">{t('queue.outcome')}</th>
                  <th scope="col">{t('queue.status')}</th>
                  <th scope="col">{t('queue.due')}</th>
                  <th scope="col">{t('queue.rootCauses')}</th>
                  <th scope="col">{t('queue.reviewer')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((review) => (
                  <tr
                    key={review.id}
                    data-review-id={review.id}
                    data-call-id={review.callId}
                    className="clickable"
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest('a, button')) return;
                      void navigate(`/quality/reviews/${review.id}`, { state: { back } });
                    }}
                  >
                    <th scope="row">
                      <Link className="review-link" to={`/quality/reviews/${review.id}`} state={{ back }}>
                        {dateTime(review.createdAt, locale)}
                        <span className="visually-hidden">, {nameOf(review.topicKey)}</span>
                      </Link>
                    </th>
                    <td data-testid="review-topic">{nameOf(review.topicKey)}</td>
                    <td data-testid="review-causes">{review.causes.map((cause) => common(`followUpCauses.${cause}`)).join(', ')}</td>
                    <td>{review.agentDisplayName ?? '–'}</td>
                    <td>
                      {review.outcome ? common(`outcomes.${review.outcome}`) : '–'}
                      {review.transferCount > 0 && <span className="muted small"> · {t('queue.transfers', { count: review.transferCount })}</span>}
                    </td>
                    <td>
                      <span className={statusBadge(review.status)} data-testid="review-status">
                        {t(`reviewStatuses.${review.status}`)}
                      </span>
                    </td>
                    <td>
                      {review.followUp ? dateTime(review.followUp.dueAt, locale) : '–'}
                      {review.followUp?.overdue && <span className="badge danger"> {t('queue.overdue')}</span>}
                    </td>
                    <td data-testid="review-root-causes">{review.rootCauses.map(causeName).join(', ') || '–'}</td>
                    <td>{review.reviewer?.displayName ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="row pager" aria-label={t('queue.pages')}>
          <button type="button" disabled={page <= 1} onClick={() => setSearch(searchOf(filters, page - 1))}>
            {t('queue.previous')}
          </button>
          <span role="status" data-testid="review-range">
            {t('queue.range', { from: first, to: last, total })}
          </span>
          <button type="button" disabled={last >= total} onClick={() => setSearch(searchOf(filters, page + 1))}>
            {t('queue.next')}
          </button>
        </nav>
      </section>
    </div>
  );
}
