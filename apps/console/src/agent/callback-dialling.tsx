import type { CallView } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { useTopics } from '../shared/use-topics';
import { EarlierCall } from './earlier-call';

/**
 * A callback the agent accepted while the platform dials the caller: nothing to do but wait (no
 * end, no transfer), and read what happened before. The caller answering connects the call; a
 * failed dial frees the agent, and the workspace follows by itself.
 */
export function CallbackDialling({ call }: { call: CallView }) {
  const { t } = useTranslation('agent');
  const { nameOf } = useTopics();
  return (
    <section className="panel" aria-labelledby="dialling-heading" data-testid="dialling">
      <div role="status">
        <h2 id="dialling-heading">{t('dialling.heading')}</h2>
      </div>
      <p>{t('dialling.body')}</p>
      <dl className="facts">
        <dt>{t('dialling.topic')}</dt>
        <dd>{nameOf(call.topicKey)}</dd>
        <dt>{t('dialling.attempt')}</dt>
        <dd data-testid="dialling-attempt">{call.dialAttempts}</dd>
      </dl>
      {call.callbackOf && <EarlierCall earlier={call.callbackOf} />}
    </section>
  );
}
