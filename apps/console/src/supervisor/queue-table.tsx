import type { QueueView, TopicTodayFigures } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { clock, useNow } from '../shared/use-now';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);

/** Per topic: who waits now and for how long, the callbacks waiting and being dialled, and today's service level against its target. */
export function QueueTable({ queues, today }: { queues: QueueView[]; today: Map<string, TopicTodayFigures> }) {
  const { t, i18n } = useTranslation('supervisor');
  const now = useNow();
  return (
    <section className="panel" aria-labelledby="queues-heading">
      <h2 id="queues-heading">{t('queues.heading')}</h2>
      <div className="table-scroll">
        <table data-testid="queue-table">
          <thead>
            <tr>
              <th scope="col">{t('queues.topic')}</th>
              <th scope="col" className="number">
                {t('queues.waiting')}
              </th>
              <th scope="col" className="number">
                {t('queues.longestWait')}
              </th>
              <th scope="col" className="number">
                {t('queues.callbacksWaiting')}
              </th>
              <th scope="col" className="number">
                {t('queues.dialling')}
              </th>
              <th scope="col" className="number">
                {t('queues.offered')}
              </th>
              <th scope="col" className="number">
                {t('queues.talking')}
              </th>
              <th scope="col">{t('queues.serviceLevel')}</th>
              <th scope="col" className="number">
                {t('queues.answered')}
              </th>
              <th scope="col" className="number">
                {t('queues.transferredIn')}
              </th>
              <th scope="col" className="number">
                {t('queues.abandoned')}
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => {
              const figures = today.get(queue.topicKey);
              const level = figures?.serviceLevel ?? null;
              const below = level !== null && level * 100 < queue.serviceLevelTargetPct;
              return (
                <tr key={queue.topicKey} data-topic={queue.topicKey}>
                  <th scope="row">{i18n.language === 'en' ? queue.nameEn : queue.nameNb}</th>
                  <td className="number" data-testid={`waiting-${queue.topicKey}`}>
                    {queue.waiting > 0 ? <span className="badge warn">{queue.waiting}</span> : 0}
                  </td>
                  <td className="number">{queue.oldestQueuedAt ? clock((now - Date.parse(queue.oldestQueuedAt)) / 1000) : '–'}</td>
                  <td className="number" data-testid={`callbacks-waiting-${queue.topicKey}`}>
                    {queue.callbacksWaiting}
                  </td>
                  <td className="number" data-testid={`dialling-${queue.topicKey}`}>
                    {queue.dialling}
                  </td>
                  <td className="number">{queue.offered}</td>
                  <td className="number">{queue.connected + queue.wrapUp}</td>
                  <td>
                    <span className={level === null ? 'badge' : below ? 'badge danger' : 'badge ok'}>{percent(level)}</span>{' '}
                    <span className="muted small">{t('queues.target', { pct: queue.serviceLevelTargetPct, sec: queue.serviceLevelTargetSec })}</span>
                  </td>
                  <td className="number">{figures?.answered ?? 0}</td>
                  <td className="number" data-testid={`transferred-in-${queue.topicKey}`}>
                    {figures?.transferredIn ?? 0}
                  </td>
                  <td className="number">{figures?.abandoned ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
