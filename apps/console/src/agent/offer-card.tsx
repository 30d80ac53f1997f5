import { CallDirection } from '@fc/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { clock, useNow } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';
import type { DeskOffer } from './use-agent-desk';

/**
 * The call offered to this agent, with an expiry countdown; accept or decline by button or Alt+A / Alt+D.
 * A callback says so, and which try it is: accepting it has the platform dial the caller.
 * With the console's softphone, `ringing` says the phone rings for this offer (accept answers it).
 */
export function OfferCard({ offer, onAccept, onDecline, ringing = false }: { offer: DeskOffer; onAccept: () => void; onDecline: () => void; ringing?: boolean }) {
  const { t } = useTranslation('agent');
  const locale = useLocale();
  const { t: common } = useTranslation();
  const { nameOf } = useTopics();
  const now = useNow(250);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const left = (new Date(offer.expiresAt).getTime() - now) / 1000;
  const receivedAt = useRef(Date.now());

  useEffect(() => {
    acceptRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey) return;
      if (event.key.toLowerCase() === 'a') {
        event.preventDefault();
        onAccept();
      } else if (event.key.toLowerCase() === 'd') {
        event.preventDefault();
        onDecline();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer.callId, onAccept, onDecline]);

  const waited = offer.waitedSec + (now - receivedAt.current) / 1000;
  const callback = offer.direction === CallDirection.Callback;
  return (
    <section className="panel offer" aria-labelledby="offer-heading" data-testid="offer" data-direction={offer.direction}>
      <h2 id="offer-heading">{callback ? t('offer.callbackHeading') : t('offer.heading')}</h2>
      {ringing && (
        <p className="badge ok" data-testid="offer-ringing">
          {t('offer.ringing')}
        </p>
      )}
      {callback && (
        <>
          <p className="badge warn" data-testid="offer-callback">
            {t('offer.callback', { attempt: offer.dialAttempts + 1 })}
          </p>
          <p>{t('offer.callbackHelp')}</p>
        </>
      )}
      <dl className="facts">
        <dt>{t('offer.topic')}</dt>
        <dd data-testid="offer-topic">{nameOf(offer.topicKey)}</dd>
        <dt>{t('offer.language')}</dt>
        <dd>{common(`languages.${offer.language}`, { defaultValue: offer.language })}</dd>
        <dt>{t('offer.waited')}</dt>
        <dd>{clock(waited)}</dd>
        <dt>{t('offer.expires')}</dt>
        <dd>
          <span className={left < 5 ? 'badge danger' : 'badge warn'} role="timer" aria-live="off">
            {clock(left)}
          </span>
        </dd>
      </dl>
      {offer.transferCount > 0 && <p className="badge warn">{t('offer.transferred', { count: offer.transferCount })}</p>}
      <h3>{t('offer.history')}</h3>
      {offer.callerHistory.length === 0 ? (
        <p className="muted">{t('offer.noHistory')}</p>
      ) : (
        <ul>
          {offer.callerHistory.map((h) => (
            <li key={h.callId}>
              {new Date(h.arrivedAt).toLocaleString(locale)} · {nameOf(h.topicKey)} · {h.outcome ? common(`outcomes.${h.outcome}`) : common(`callStates.${h.state}`)}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button ref={acceptRef} type="button" className="primary" onClick={onAccept} aria-keyshortcuts="Alt+A">
          {t('offer.accept')}
        </button>
        <button type="button" onClick={onDecline} aria-keyshortcuts="Alt+D">
          {t('offer.decline')}
        </button>
      </div>
      <p className="muted">{t('offer.shortcuts')}</p>
    </section>
  );
}
