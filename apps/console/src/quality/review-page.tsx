import type { ReviewList, ReviewView } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { EvaluationPanel } from '../evaluations/evaluation-panel';
import { CallAftermath, CallSummary } from './call-summary';
import { dateTime } from './figures-format';
import { JourneyEvents } from './journey-events';
import { JourneyTimeline } from './journey-timeline';
import { searchOf } from './review-filters';
import { ReviewForm } from './review-form';
import { usePageHeading } from './use-page-heading';

/** One review: the call's journey and what the agent recorded on the left, the quality lead's findings on the right. */
export function ReviewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const navigate = useNavigate();
  const location = useLocation();
  const back = (location.state as { back?: string } | null)?.back ?? '/quality';
  const review = useQuery({ queryKey: ['review', id], queryFn: () => api<ReviewView>(`/api/reviews/${id}`), staleTime: 0 });
  const heading = usePageHeading(`review-${id}`);
  const [nextMessage, setNextMessage] = useState<string | null>(null);

  const nextOpen = async () => {
    setNextMessage(null);
    try {
      const { items } = await api<ReviewList>('/api/reviews?status=open&limit=2');
      const next = items.find((item) => item.id !== id);
      if (next) void navigate(`/quality/reviews/${next.id}`, { state: { back } });
      else setNextMessage(t('review.noNextOpen'));
    } catch (error) {
      setNextMessage(common('error', { message: errorMessage(error) }));
    }
  };

  if (review.isLoading) return <p>{common('loading')}</p>;
  if (!review.data) {
    const notFound = review.error instanceof ApiError && (review.error.status === 404 || review.error.status === 400);
    return (
      <div>
        <p role="alert" className="form-error">
          {notFound ? t('review.errors.notFound') : common('error', { message: errorMessage(review.error) })}
        </p>
        <Link to={back}>{t('review.back')}</Link>
      </div>
    );
  }
  const data = review.data;
  const agent = data.agentId ? data.agents.find((a) => a.agentId === data.agentId) : undefined;
  return (
    <div className="review-page" data-review-id={data.id}>
      <div className="row spread">
        <Link to={back} state={{ opened: data.id }}>
          <span aria-hidden="true">← </span>
          {t('review.back')}
        </Link>
        <div className="row">
          {agent && <Link to={`/quality?${searchOf({ agentId: agent.agentId, agentName: agent.displayName }).toString()}`}>{t('review.otherReviews', { name: agent.displayName })}</Link>}
          <button type="button" onClick={() => void nextOpen()}>
            {t('review.nextOpen')}
          </button>
          <span role="status" className="muted small">
            {nextMessage}
          </span>
        </div>
      </div>
      <h1 ref={heading} tabIndex={-1}>
        {t('review.heading', { topic: nameOf(data.topicKey) })}
      </h1>
      <p className="muted">
        {dateTime(data.createdAt, locale)} · {t('review.selected')}: <span data-testid="review-selected">{data.causes.map((cause) => common(`followUpCauses.${cause}`)).join(', ')}</span> ·{' '}
        <span className="badge" data-testid="review-page-status">
          {t(`reviewStatuses.${data.status}`)}
        </span>
      </p>
      <div className="grid wide-left">
        <div>
          <CallSummary review={data} />
          <JourneyTimeline review={data} />
          <JourneyEvents events={data.call.events ?? []} agentName={(id) => (typeof id === 'string' ? (data.agents.find((a) => a.agentId === id)?.displayName ?? '–') : '–')} />
          <CallAftermath review={data} />
        </div>
        <div>
          <ReviewForm key={data.id} review={data} />
          <EvaluationPanel key={`evaluations-${data.id}`} reviewId={data.id} />
        </div>
      </div>
    </div>
  );
}
