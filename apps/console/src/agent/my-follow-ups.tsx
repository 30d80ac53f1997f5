import type { FollowUpList, FollowUpReminderEvent } from '@fc/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';

/** The follow-ups this agent owns (a case handover after their call), with the reminders the worker sends. */
export function MyFollowUps({ reminders }: { reminders: FollowUpReminderEvent[] }) {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const { nameOf } = useTopics();
  const locale = useLocale();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ['agent', 'follow-ups', reminders.length], queryFn: () => api<FollowUpList>('/api/follow-ups?mine=true&status=open&limit=20') });
  const [closing, setClosing] = useState<string | null>(null);
  const [result, setResult] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reminded = new Set(reminders.map((r) => r.followUpId));
  const items = list.data?.items ?? [];

  const close = async (event: FormEvent, id: string) => {
    event.preventDefault();
    try {
      await api(`/api/follow-ups/${id}`, { method: 'PATCH', body: { status: 'done', result: result.trim() } });
      setClosing(null);
      setResult('');
      setProblem(null);
      void queries.invalidateQueries({ queryKey: ['agent', 'follow-ups'] });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };

  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="my-follow-ups-heading">
      <h2 id="my-follow-ups-heading">{t('followUps.heading')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {reminders.length > 0 ? t('followUps.reminder') : ''}
      </p>
      <ul className="follow-up-list">
        {items.map((item) => (
          <li key={item.id} className={reminded.has(item.id) || item.timing === 'due_soon' || item.timing === 'overdue' ? 'due' : undefined}>
            <strong>{common(`followUpKinds.${item.kind}`)}</strong> · {nameOf(item.topicKey)} · {t('followUps.due', { at: new Date(item.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) })}
            {item.timing === 'overdue' && <span className="badge danger">{t('followUps.overdue')}</span>}
            {closing === item.id ? (
              <form onSubmit={(e) => void close(e, item.id)}>
                <label htmlFor={`result-${item.id}`}>{t('followUps.result')}</label>
                <input id={`result-${item.id}`} required maxLength={2000} value={result} onChange={(e) => setResult(e.target.value)} />
                <p role="alert" className="form-error">
                  {problem}
                </p>
                <div className="row">
                  <button type="submit" className="primary" disabled={!result.trim()}>
                    {t('followUps.markDone')}
                  </button>
                  <button type="button" onClick={() => setClosing(null)}>
                    {common('cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" className="small" onClick={() => setClosing(item.id)}>
                {t('followUps.markDone')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
