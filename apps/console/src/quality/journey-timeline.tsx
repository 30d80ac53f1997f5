import type { JourneySegment, ReviewView } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { clock } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';
import { timeOfDay } from './figures-format';

const KINDS = ['queue', 'offer', 'talk', 'wrap_up'] as const;

/**
 * The call's journey as the api computed it (waits, offers, talks, wrap-up): a bar to see at a
 * glance where the time went, and the same stretches as a table to read, with the totals.
 */
export function JourneyTimeline({ review }: { review: ReviewView }) {
  const { t } = useTranslation('quality');
  const locale = useLocale();
  const { nameOf } = useTopics();
  const { timeline } = review;
  const agentName = (id: string | null) => (id ? (review.agents.find((a) => a.agentId === id)?.displayName ?? '–') : '–');
  const finished = timeline.segments.filter((s) => s.durationSec !== null);
  const span = finished.reduce((sum, s) => sum + s.durationSec!, 0);
  const label = (segment: JourneySegment) => `${t(`review.timeline.kinds.${segment.kind}`)}${segment.durationSec === null ? '' : ` ${clock(segment.durationSec)}`}`;

  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('review.timeline.heading')}</h2>
      <dl className="facts totals" data-testid="timeline-totals">
        <dt>{t('review.timeline.waiting')}</dt>
        <dd data-testid="waiting-total">{clock(timeline.waitingSec)}</dd>
        <dt>{t('review.timeline.talk')}</dt>
        <dd>{clock(timeline.talkSec)}</dd>
        <dt>{t('review.timeline.wrapUp')}</dt>
        <dd>{clock(timeline.wrapUpSec)}</dd>
        <dt>{t('review.timeline.offers')}</dt>
        <dd data-testid="timeline-offers">{timeline.offers}</dd>
        {timeline.waitsByTopic.length > 1 && (
          <>
            <dt>{t('review.timeline.waitsByTopic')}</dt>
            <dd>{timeline.waitsByTopic.map((w) => `${w.topicKey ? nameOf(w.topicKey) : '–'} ${clock(w.waitingSec)}`).join(' · ')}</dd>
          </>
        )}
      </dl>
      {timeline.segments.length === 0 ? (
        <p className="muted">{t('review.timeline.none')}</p>
      ) : (
        <>
          {span > 0 && (
            <div className="journey-bar" aria-hidden="true">
              {finished.map((segment, index) => (
                <span key={index} className={`segment segment-${segment.kind}`} style={{ flexGrow: Math.max(segment.durationSec!, span / 200) }} title={label(segment)} />
              ))}
            </div>
          )}
          <ul className="legend" aria-label={t('review.timeline.legend')}>
            {KINDS.map((kind) => (
              <li key={kind}>
                <span className={`swatch segment-${kind}`} aria-hidden="true" /> {t(`review.timeline.kinds.${kind}`)}
              </li>
            ))}
          </ul>
          <div className="table-scroll">
            <table data-testid="timeline">
              <thead>
                <tr>
                  <th scope="col">{t('review.timeline.from')}</th>
                  <th scope="col">{t('review.timeline.what')}</th>
                  <th scope="col">{t('review.timeline.topic')}</th>
                  <th scope="col">{t('review.timeline.agent')}</th>
                  <th scope="col" className="number">
                    {t('review.timeline.duration')}
                  </th>
                  <th scope="col">{t('review.timeline.end')}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.segments.map((segment, index) => (
                  <tr key={index} data-kind={segment.kind} data-end={segment.end ?? ''}>
                    <td>
                      <time dateTime={segment.from}>{timeOfDay(segment.from, locale)}</time>
                    </td>
                    <th scope="row">
                      <span className={`swatch segment-${segment.kind}`} aria-hidden="true" /> {t(`review.timeline.kinds.${segment.kind}`)}
                    </th>
                    <td>{segment.topicKey ? nameOf(segment.topicKey) : '–'}</td>
                    <td>{agentName(segment.agentId)}</td>
                    <td className="number">{segment.durationSec === null ? '–' : clock(segment.durationSec)}</td>
                    <td>{segment.end ? t(`review.timeline.ends.${segment.end}`) : t('review.timeline.ongoing')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
