import type { EarlierCallView } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { dateTime, timeOfDay } from '../quality/figures-format';
import { JourneyEvents } from '../quality/journey-events';
import { clock } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';

/**
 * What happened before a callback: the call it calls back (its topic, when it came in, how long
 * the caller waited and how it ended) and that call's journey, so the agent knows before the
 * caller answers. No number, no note: the api sends neither.
 */
export function EarlierCall({ earlier }: { earlier: EarlierCallView }) {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { nameOf } = useTopics();
  return (
    <section aria-labelledby="earlier-heading" data-testid="earlier-call">
      <h3 id="earlier-heading">{t('earlier.heading')}</h3>
      <dl className="facts">
        <dt>{t('earlier.topic')}</dt>
        <dd data-testid="earlier-topic">{nameOf(earlier.topicKey)}</dd>
        <dt>{t('earlier.arrived')}</dt>
        <dd>
          <time dateTime={earlier.arrivedAt}>{dateTime(earlier.arrivedAt, locale)}</time>
        </dd>
        <dt>{t('earlier.waited')}</dt>
        <dd data-testid="earlier-waited">{earlier.waitedSec === null ? '–' : clock(earlier.waitedSec)}</dd>
        <dt>{t('earlier.ended')}</dt>
        <dd data-testid="earlier-ended">
          {earlier.endedAt ? t('earlier.endedAt', { state: common(`callStates.${earlier.state}`), at: timeOfDay(earlier.endedAt, locale) }) : common(`callStates.${earlier.state}`)}
        </dd>
      </dl>
      <JourneyEvents events={earlier.events} level={4} />
    </section>
  );
}
