import { useTranslation } from 'react-i18next';
import type { Softphone, SoftphoneSnapshot } from './softphone';

/**
 * The softphone's state in words agents can read (a live region), and the `<audio>` the caller is
 * heard through. A refused microphone is an alert: until it is allowed no call can ring here.
 */
export function SoftphonePanel({ phone, state, sipUri }: { phone: Softphone; state: SoftphoneSnapshot; sipUri: string }) {
  const { t } = useTranslation('agent');
  const trouble = state.status === 'failed' || state.status === 'dropped' || state.status === 'microphone';
  return (
    <section className="panel softphone" aria-labelledby="softphone-heading">
      <h2 id="softphone-heading">{t('softphone.heading')}</h2>
      {state.status === 'microphone' ? (
        <div role="alert" data-testid="softphone-status" data-status={state.status}>
          <p className="badge danger">{t('softphone.status.microphone')}</p>
          <button type="button" onClick={() => void phone.start()}>
            {t('softphone.tryAgain')}
          </button>
        </div>
      ) : (
        <p role="status" data-testid="softphone-status" data-status={state.status} className={trouble ? 'badge warn' : 'badge'}>
          {t(`softphone.status.${state.status}`, { address: sipUri })}
        </p>
      )}
      <audio ref={(element) => phone.attachAudio(element)} autoPlay data-testid="softphone-audio" />
    </section>
  );
}
