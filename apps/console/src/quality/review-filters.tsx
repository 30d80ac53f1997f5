import { FOLLOW_UP_CAUSES, FollowUpCause, REVIEW_STATUSES, type ReviewStatus } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { TopicSelect } from '../shared/topic-select';
import { useRootCauses } from './use-root-causes';

/** The review list's filters as the address bar holds them, so a filtered queue survives opening a review and coming back. */
export interface ReviewFilters {
  status?: ReviewStatus;
  cause?: FollowUpCause;
  topicKey?: string;
  rootCause?: string;
  /** Local calendar days, inclusive. */
  from?: string;
  to?: string;
  mine?: boolean;
  agentId?: string;
  /** The agent's name, for the filter's label only. */
  agentName?: string;
}

const KEYS = ['status', 'cause', 'topicKey', 'rootCause', 'from', 'to', 'agentId', 'agentName'] as const;

export function filtersFrom(search: URLSearchParams): ReviewFilters {
  const filters: ReviewFilters = {};
  const status = search.get('status');
  if (status && (REVIEW_STATUSES as readonly string[]).includes(status)) filters.status = status as ReviewStatus;
  const cause = search.get('cause');
  if (cause && (FOLLOW_UP_CAUSES as readonly string[]).includes(cause)) filters.cause = cause as FollowUpCause;
  for (const key of ['topicKey', 'rootCause', 'from', 'to', 'agentId', 'agentName'] as const) {
    const value = search.get(key);
    if (value) filters[key] = value;
  }
  if (search.get('mine') === 'true') filters.mine = true;
  return filters;
}

export function searchOf(filters: ReviewFilters, page = 1): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  if (filters.mine) search.set('mine', 'true');
  if (page > 1) search.set('page', String(page));
  return search;
}

/** Status, why the call was picked, topic, root cause, when the review was created, mine only; each applies at once. */
export function ReviewFiltersForm({ filters, onChange }: { filters: ReviewFilters; onChange: (next: ReviewFilters) => void }) {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const { active, nameOf: causeName } = useRootCauses();
  const set = (patch: Partial<ReviewFilters>) => {
    const next = { ...filters, ...patch };
    for (const key of Object.keys(patch) as (keyof ReviewFilters)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  const backwards = !!filters.from && !!filters.to && filters.to < filters.from;
  return (
    <form className="panel filters" aria-labelledby="filters-heading" onSubmit={(e) => e.preventDefault()} role="search">
      <h2 id="filters-heading" className="visually-hidden">
        {t('queue.filters')}
      </h2>
      <div className="filter-grid">
        <div>
          <label htmlFor="filter-status">{t('queue.status')}</label>
          <select id="filter-status" value={filters.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as ReviewStatus | undefined })}>
            <option value="">{t('queue.anyStatus')}</option>
            {REVIEW_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`reviewStatuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-cause">{t('queue.cause')}</label>
          <select id="filter-cause" value={filters.cause ?? ''} onChange={(e) => set({ cause: (e.target.value || undefined) as FollowUpCause | undefined })}>
            <option value="">{t('queue.anyCause')}</option>
            {/* A wrap-up that timed out is the agent's own to-do, never a reason for a review. */}
            {FOLLOW_UP_CAUSES.filter((cause) => cause !== FollowUpCause.OutcomeNotRecorded).map((cause) => (
              <option key={cause} value={cause}>
                {common(`followUpCauses.${cause}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <TopicSelect id="filter-topic" label={t('queue.topic')} anyLabel={t('queue.anyTopic')} value={filters.topicKey ?? ''} onChange={(topicKey) => set({ topicKey: topicKey || undefined })} />
        </div>
        <div>
          <label htmlFor="filter-root-cause">{t('queue.rootCause')}</label>
          <select id="filter-root-cause" value={filters.rootCause ?? ''} onChange={(e) => set({ rootCause: e.target.value || undefined })}>
            <option value="">{t('queue.anyRootCause')}</option>
            {active.map((cause) => (
              <option key={cause.key} value={cause.key}>
                {causeName(cause.key)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-from">{t('queue.createdFrom')}</label>
          <input
            id="filter-from"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
            aria-invalid={backwards || undefined}
            aria-describedby="filter-problem"
          />
        </div>
        <div>
          <label htmlFor="filter-to">{t('queue.createdTo')}</label>
          <input
            id="filter-to"
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
            aria-invalid={backwards || undefined}
            aria-describedby="filter-problem"
          />
        </div>
        <div className="filter-checks">
          <label className="choice">
            <input type="checkbox" checked={!!filters.mine} onChange={(e) => set({ mine: e.target.checked || undefined })} /> {t('queue.mine')}
          </label>
          {filters.agentId && (
            <span className="badge filter-chip">
              {t('queue.agentFilter', { name: filters.agentName ?? filters.agentId })}{' '}
              <button type="button" className="small" onClick={() => set({ agentId: undefined, agentName: undefined })}>
                {t('queue.clearAgent')}
              </button>
            </span>
          )}
        </div>
        <div className="filter-checks">
          <button type="button" onClick={() => onChange({})} disabled={Object.keys(filters).length === 0}>
            {t('queue.reset')}
          </button>
        </div>
      </div>
      <p id="filter-problem" role="alert" className="form-error">
        {backwards ? t('period.invalid') : ''}
      </p>
    </form>
  );
}
