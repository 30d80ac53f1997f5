import { FollowUpKind, type CallView, type FollowUpReminderEvent, type RecordOutcomeRequest } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { CallbackControl } from '../shared/callback-control';
import { openFollowUps } from '../shared/open-follow-ups';
import { useTopics } from '../shared/use-topics';
import { WrapUpForm } from './wrap-up-form';

/** The outcome of a call whose wrap-up timed out, recorded afterwards: the call read, then the wrap-up form. */
function LateOutcome({ callId, onRecorded }: { callId: string; onRecorded: () => void }) {
  const { t: common } = useTranslation();
  const call = useQuery({ queryKey: ['call', callId], queryFn: () => api<CallView>(`/api/calls/${callId}`) });
  const record = useMutation({
    mutationFn: (body: RecordOutcomeRequest) => api<CallView>(`/api/calls/${callId}/outcome`, { method: 'POST', body }),
    onSuccess: onRecorded,
  });
  if (!call.data) return <p>{call.error ? common('error', { message: errorMessage(call.error) }) : common('loading')}</p>;
  return (
    <>
      <WrapUpForm call={call.data} late onSubmit={(body) => record.mutateAsync(body).catch(() => undefined)} />
      <p role="alert" className="form-error">
        {record.error && errorMessage(record.error)}
      </p>
    </>
  );
}

const LIST = ['agent', 'follow-ups'];

/**
 * The follow-ups this agent owns (a callback or handover they promised, an outcome to record after
 * a wrap-up that timed out), with the reminders the worker sends; a callback with its call's state
 * and the button that sends it as a call.
 */
export function MyFollowUps({ reminders }: { reminders: FollowUpReminderEvent[] }) {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const { nameOf } = useTopics();
  const locale = useLocale();
  const queries = useQueryClient();
  // A reminder or a new follow-up on the socket invalidates this list (useAgentDesk).
  const list = useQuery({ queryKey: LIST, queryFn: () => openFollowUps({ mine: true }, 20) });
  const [closing, setClosing] = useState<string | null>(null);
  const [recording, setRecording] = useState<string | null>(null);
  const [result, setResult] = useState('');
  const markDone = useMutation({
    mutationFn: (id: string) => api(`/api/follow-ups/${id}`, { method: 'PATCH', body: { status: 'done', result: result.trim() } }),
    onSuccess: () => {
      setClosing(null);
      setResult('');
      void queries.invalidateQueries({ queryKey: LIST });
    },
  });
  const reminded = new Set(reminders.map((r) => r.followUpId));
  const items = list.data?.items ?? [];

  const close = (event: FormEvent, id: string) => {
    event.preventDefault();
    markDone.mutate(id);
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
            <strong>{common(`followUpKinds.${item.kind}`)}</strong> · {nameOf(item.topicKey)} ·{' '}
            {t('followUps.due', { at: new Date(item.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) })}
            {item.timing === 'overdue' && <span className="badge danger">{t('followUps.overdue')}</span>}
            {item.kind === FollowUpKind.Callback && <CallbackControl followUp={item} list={LIST} />}
            {item.kind === FollowUpKind.RecordOutcome ? (
              recording === item.id ? (
                <LateOutcome
                  callId={item.callId}
                  onRecorded={() => {
                    setRecording(null);
                    void queries.invalidateQueries({ queryKey: ['agent'] });
                  }}
                />
              ) : (
                <button type="button" className="small" onClick={() => setRecording(item.id)}>
                  {t('followUps.recordOutcome')}
                </button>
              )
            ) : closing === item.id ? (
              <form onSubmit={(e) => close(e, item.id)}>
                <label htmlFor={`result-${item.id}`}>{t('followUps.result')}</label>
                <input id={`result-${item.id}`} required maxLength={2000} value={result} onChange={(e) => setResult(e.target.value)} />
                <p role="alert" className="form-error">
                  {markDone.error && errorMessage(markDone.error)}
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
