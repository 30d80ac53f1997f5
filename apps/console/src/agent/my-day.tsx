import type { AgentFeedbackView, AgentTodayView } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { api } from '../api/api-client';
import { clock } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);

/** The agent's own day: calls, FCR, handle time and transfers, and what quality leads wrote to them. */
export function MyDay() {
  const { t } = useTranslation('agent');
  const locale = useLocale();
  const { nameOf } = useTopics();
  const today = useQuery({ queryKey: ['agent', 'today'], queryFn: () => api<AgentTodayView>('/api/agents/me/today'), refetchInterval: 60_000 });
  const feedback = useQuery({ queryKey: ['agent', 'feedback'], queryFn: () => api<AgentFeedbackView[]>('/api/agents/me/feedback') });
  const figures = today.data?.figures ?? null;
  return (
    <section className="panel" aria-labelledby="day-heading">
      <h2 id="day-heading">{t('day.heading')}</h2>
      {figures && figures.answered > 0 ? (
        <dl className="facts" data-testid="my-day">
          <dt>{t('day.calls')}</dt>
          <dd>{figures.answered}</dd>
          <dt>{t('day.fcr')}</dt>
          <dd>{percent(figures.fcr.value)}</dd>
          <dt>{t('day.aht')}</dt>
          <dd>{figures.ahtSec.value === null ? '–' : clock(figures.ahtSec.value)}</dd>
          <dt>{t('day.transfers')}</dt>
          <dd>{percent(figures.transferRate.value)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('day.none')}</p>
      )}
      <h3>{t('day.feedback')}</h3>
      {(feedback.data ?? []).length === 0 ? (
        <p className="muted">{t('day.noFeedback')}</p>
      ) : (
        <ul className="feedback-list">
          {feedback.data!.map((f) => (
            <li key={f.reviewId}>
              <strong>{nameOf(f.topicKey)}</strong> · {new Date(f.reviewedAt).toLocaleDateString(locale)}
              <p>{f.agentFeedback}</p>
              {f.learning && <p className="muted">{f.learning}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
