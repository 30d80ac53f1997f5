import type { DialResult, FollowUpCause, FollowUpKind, JourneyEventView, Outcome } from '@fc/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { timeOfDay } from './figures-format';

/**
 * Every event of a call's journey log, in order, with what each one carries that matters to a
 * reader: a reviewer's (the review's agents named), or the agent calling a caller back (the
 * earlier call's journey; other agents not named). `agentName` names an event's agent, '–' if unknown.
 */
export function JourneyEvents({ events, agentName = () => '–', level = 2 }: { events: readonly JourneyEventView[]; agentName?: (id: unknown) => string; level?: 2 | 3 | 4 }) {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  const Heading = `h${level}` as const;
  return (
    <details className="panel events">
      <summary>
        <Heading className="inline-heading">{t('review.events.heading', { count: events.length })}</Heading>
      </summary>
      <div className="table-scroll">
        <table data-testid="journey-events">
          <thead>
            <tr>
              <th scope="col" className="number">
                {t('review.events.seq')}
              </th>
              <th scope="col">{t('review.events.at')}</th>
              <th scope="col">{t('review.events.type')}</th>
              <th scope="col">{t('review.events.agent')}</th>
              <th scope="col">{t('review.events.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.seq} data-type={event.type}>
                <td className="number">{event.seq}</td>
                <td>
                  <time dateTime={event.at}>{timeOfDay(event.at, locale)}</time>
                </td>
                <th scope="row">{t(`review.events.types.${event.type}`)}</th>
                <td>{event.agentId ? agentName(event.agentId) : '–'}</td>
                <td>{detail(event, t, common, nameOf, agentName)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** How a dial ended, as the journey logs it: the platform's result, or no result in time. */
type DialOutcome = DialResult | 'timeout';

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

function detail(event: JourneyEventView, t: TFunction<'quality'>, common: TFunction, topic: (key: string) => string, agent: (id: unknown) => string): string {
  const d = event.data as Record<string, unknown>;
  const parts: string[] = [];
  switch (event.type) {
    case 'arrived':
    case 'queued':
      if (text(d.topicKey)) parts.push(topic(d.topicKey as string));
      break;
    case 'transferred':
      parts.push(d.to === 'topic' ? t('review.events.toTopic', { topic: topic(String(d.toTopicKey ?? '')) }) : t('review.events.toAgent', { agent: agent(d.toAgentId) }));
      if (text(d.reason)) parts.push(t('review.events.reason', { reason: d.reason }));
      break;
    case 'escalated':
      // Steps are numbered from 0 in the data (-1 is the topic's own requirement); people count from 1.
      if (typeof d.toStep === 'number') parts.push(t('review.events.step', { to: d.toStep + 1 }));
      if (typeof d.minProficiency === 'number') parts.push(t('review.events.minProficiency', { level: d.minProficiency }));
      if (d.includeGeneralists === true) parts.push(t('review.events.generalists'));
      if (d.offerCallback === true) parts.push(t('review.events.callbackOffered'));
      break;
    case 'outcome_recorded':
      if (text(d.outcome)) parts.push(common(`outcomes.${d.outcome as Outcome}`));
      break;
    case 'follow_up_created':
      if (text(d.kind)) parts.push(common(`followUpKinds.${d.kind as FollowUpKind}`));
      if (text(d.cause)) parts.push(common(`followUpCauses.${d.cause as FollowUpCause}`));
      break;
    case 'feedback_received':
      if (typeof d.score === 'number') parts.push(t('review.events.score', { score: d.score }));
      break;
    case 'dial_started':
    case 'dial_answered':
    case 'callback_due':
      if (typeof d.attempt === 'number') parts.push(t('review.events.attempt', { attempt: d.attempt }));
      break;
    case 'dial_failed':
      if (typeof d.attempt === 'number') parts.push(t('review.events.attempt', { attempt: d.attempt }));
      if (text(d.result)) parts.push(t(`review.events.dialResults.${d.result as DialOutcome}`));
      if (d.gaveUp === true) parts.push(t('review.events.gaveUp'));
      break;
    case 'repeat_detected':
      if (typeof d.gapSec === 'number') parts.push(t('review.events.gap', { days: Math.round((d.gapSec / 86_400) * 10) / 10 }));
      break;
    default:
      break;
  }
  return parts.join(' · ');
}
