import type { FloorAgentView, FloorAlert } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { clock } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';

/** The latest alerts, newest first; the newest is announced politely to screen readers. */
export function AlertsPanel({ alerts, agentOf }: { alerts: FloorAlert[]; agentOf: (id: string) => FloorAgentView | undefined }) {
  const { t } = useTranslation('supervisor');
  const { nameOf } = useTopics();
  const locale = useLocale();
  const text = (alert: FloorAlert) =>
    t(`alerts.${alert.kind}`, {
      topic: alert.topicKey ? nameOf(alert.topicKey) : '',
      value: alert.serviceLevel === undefined ? '' : `${Math.round(alert.serviceLevel * 100)} %`,
      target: alert.target === undefined ? '' : `${Math.round(alert.target * 100)} %`,
      waited: alert.waitedSec === undefined ? '' : clock(alert.waitedSec),
      agent: alert.agentId ? (agentOf(alert.agentId)?.displayName ?? '') : '',
    });
  return (
    <section className="panel" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {alerts[0] ? text(alerts[0]) : ''}
      </p>
      {alerts.length === 0 ? (
        <p className="muted">{t('alerts.none')}</p>
      ) : (
        <ul className="alerts" data-testid="alerts">
          {alerts.map((alert) => (
            <li key={alert.id} className={`alert alert-${alert.kind}`}>
              <time dateTime={alert.at}>{new Date(alert.at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}</time> {text(alert)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
