import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../realtime/use-namespace-socket';

/** Says plainly, in a live region, when the live data stopped and when it is current again. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  const wasLost = useRef(false);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (status === 'disconnected') {
      wasLost.current = true;
      setRestored(false);
    } else if (status === 'connected' && wasLost.current) {
      wasLost.current = false;
      setRestored(true);
      const timer = setTimeout(() => setRestored(false), 4000);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [status]);

  return (
    <div role="status" aria-live="polite" className="connection-region">
      {status === 'disconnected' && (
        <p className="banner banner-warning" data-testid="disconnected-banner">
          {t('connection.lost')}
        </p>
      )}
      {restored && <p className="banner banner-ok">{t('connection.restored')}</p>}
    </div>
  );
}
