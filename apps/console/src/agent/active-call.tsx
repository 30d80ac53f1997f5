import { CallDirection, type CallView, type FloorAgentView, type TransferCallRequest } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { clock, useNow } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';
import { EarlierCall } from './earlier-call';

/**
 * The connected call: talk timer, end, and a transfer to a topic's queue or straight to an available
 * colleague. A callback says so and keeps showing what happened before. With the console's
 * softphone on the call, `mute` mutes and unmutes the agent's microphone.
 */
export function ActiveCall({
  call,
  onEnd,
  onTransfer,
  mute,
}: {
  call: CallView;
  onEnd: () => Promise<unknown>;
  onTransfer: (body: TransferCallRequest) => Promise<unknown>;
  mute?: { muted: boolean; onChange: (muted: boolean) => void };
}) {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const { topics, nameOf } = useTopics();
  const now = useNow();
  const [transferring, setTransferring] = useState(false);
  const [target, setTarget] = useState<'topic' | 'agent'>('topic');
  const [topicKey, setTopicKey] = useState('');
  const [agentId, setAgentId] = useState('');
  const [reason, setReason] = useState('');
  const colleagues = useQuery({
    queryKey: ['agents', 'available'],
    queryFn: () => api<FloorAgentView[]>('/api/agents/available'),
    enabled: transferring && target === 'agent',
    refetchInterval: transferring && target === 'agent' ? 5000 : false,
  });
  const talkSince = call.answeredAt ? new Date(call.answeredAt).getTime() : now;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: TransferCallRequest = target === 'topic' ? { topicKey } : { agentId };
    if (reason.trim()) body.reason = reason.trim();
    await onTransfer(body);
    setTransferring(false);
  };

  return (
    <section className="panel" aria-labelledby="call-heading" data-testid="active-call">
      <h2 id="call-heading">{t('call.heading')}</h2>
      {call.direction === CallDirection.Callback && (
        <p className="badge warn" data-testid="call-callback">
          {t('call.callback')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('call.talkTime')}</dt>
        <dd>
          <span role="timer" aria-live="off" data-testid="talk-timer">
            {clock((now - talkSince) / 1000)}
          </span>
        </dd>
        <dt>{t('call.topic')}</dt>
        <dd>{nameOf(call.topicKey)}</dd>
        <dt>{t('call.language')}</dt>
        <dd>{common(`languages.${call.language}`, { defaultValue: call.language })}</dd>
      </dl>
      <div className="row">
        <button type="button" className="primary" onClick={() => void onEnd()}>
          {t('call.end')}
        </button>
        <button type="button" aria-expanded={transferring} aria-controls="transfer-form" onClick={() => setTransferring((open) => !open)}>
          {t('call.transfer')}
        </button>
        {mute && (
          <button type="button" aria-pressed={mute.muted} onClick={() => mute.onChange(!mute.muted)}>
            {t('call.mute')}
          </button>
        )}
      </div>
      {mute?.muted && (
        <p className="badge warn" role="status" data-testid="call-muted">
          {t('call.muted')}
        </p>
      )}
      {transferring && (
        <form id="transfer-form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t('call.transferTo')}</legend>
            <label className="choice">
              <input type="radio" name="transfer-target" checked={target === 'topic'} onChange={() => setTarget('topic')} /> {t('call.toTopic')}
            </label>
            <label className="choice">
              <input type="radio" name="transfer-target" checked={target === 'agent'} onChange={() => setTarget('agent')} /> {t('call.toAgent')}
            </label>
          </fieldset>
          {target === 'topic' ? (
            <>
              <label htmlFor="transfer-topic">{t('call.chooseTopic')}</label>
              <select id="transfer-topic" required value={topicKey} onChange={(e) => setTopicKey(e.target.value)}>
                <option value="" />
                {topics
                  .filter((topic) => topic.active)
                  .map((topic) => (
                    <option key={topic.key} value={topic.key}>
                      {nameOf(topic.key)}
                    </option>
                  ))}
              </select>
            </>
          ) : colleagues.data && colleagues.data.length === 0 ? (
            <p className="muted">{t('call.noAgents')}</p>
          ) : (
            <>
              <label htmlFor="transfer-agent">{t('call.chooseAgent')}</label>
              <select id="transfer-agent" required value={agentId} onChange={(e) => setAgentId(e.target.value)}>
                <option value="" />
                {(colleagues.data ?? []).map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.displayName} ({agent.username})
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="transfer-reason">{t('call.reason')}</label>
          <input id="transfer-reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="row">
            <button type="submit" className="primary" disabled={target === 'topic' ? !topicKey : !agentId}>
              {t('call.confirmTransfer')}
            </button>
            <button type="button" onClick={() => setTransferring(false)}>
              {common('cancel')}
            </button>
          </div>
        </form>
      )}
      {call.callbackOf && <EarlierCall earlier={call.callbackOf} />}
    </section>
  );
}
