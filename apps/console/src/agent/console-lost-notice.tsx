import type { AgentMeView } from '@fc/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';

/**
 * Shown while the api has the agent logged off because their console was gone (decision 0023):
 * says what happened and lets them choose to take calls again. Derived from the agent's state, so
 * a reload or another tab shows it too, and it goes away once they choose any state themselves.
 */
export function ConsoleLostNotice({ me, onAvailable }: { me: AgentMeView; onAvailable: () => Promise<unknown> }) {
  const { t } = useTranslation('agent');
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const at = new Date(me.stateSince).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const available = async () => {
    setBusy(true);
    try {
      await onAvailable();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel console-lost" role="alert" aria-labelledby="console-lost-heading" data-testid="console-lost">
      <h2 id="console-lost-heading">{t('consoleLost.heading')}</h2>
      <p>{t('consoleLost.body', { at })}</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void available()}>
        {t('consoleLost.available')}
      </button>
    </section>
  );
}
