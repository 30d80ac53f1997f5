import { AgentState, CallState, OfflineReason } from '@fc/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api-client';
import { ConnectionBanner } from '../layout/connection-banner';
import { ActiveCall } from './active-call';
import { CallbackDialling } from './callback-dialling';
import { ConsoleLostNotice } from './console-lost-notice';
import { MyEvaluations } from '../evaluations/my-evaluations';
import { MyDay } from './my-day';
import { MyFollowUps } from './my-follow-ups';
import { OfferCard } from './offer-card';
import { SoftphonePanel } from './softphone-panel';
import { StateSwitch } from './state-switch';
import { useAgentDesk } from './use-agent-desk';
import { useSoftphone } from './use-softphone';
import { WrapUpForm } from './wrap-up-form';

/** The agent's eight hours: state, the offer, the call, wrap-up, and their own day. */
export function AgentWorkspace() {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const desk = useAgentDesk();
  // The console's softphone, when the api names a voice edge for it; without one, `phone` stays null.
  const { phone, state: phoneState, sipUri } = useSoftphone();
  // A failed action shows as desk.failure; the component that asked only needs to know it is over.
  const guard = (action: () => Promise<unknown>) => () => action().catch(() => undefined);
  // First Contact first, then the phone: the edge's later report (answered, busy, hung up) then
  // changes nothing, and the journey says the agent did it in the console.
  const acceptOffer = async (callId: string) => {
    await desk.accept(callId);
    phone?.answer(callId);
  };
  const declineOffer = async (callId: string) => {
    try {
      await desk.decline(callId);
    } finally {
      phone?.reject(callId);
    }
  };
  const endCall = async (callId: string) => {
    try {
      await desk.end(callId);
    } finally {
      phone?.hangUp(callId);
    }
  };
  // The phone rings for a call the agent holds already (given to them by a transfer, or accepted in
  // the console before the INVITE arrived, a callback too): it picks up by itself, as nobody is left to ask.
  const held = desk.call?.state === CallState.Connected || desk.call?.state === CallState.Dialling ? desk.call.id : null;
  useEffect(() => {
    if (phone && held && phoneState.ringingCallId === held) phone.answer(held);
  }, [phone, held, phoneState.ringingCallId]);
  const failure = desk.failure ? t('errors.action', { message: errorMessage(desk.failure) }) : null;

  if (desk.loading) return <p>{common('loading')}</p>;
  if (!desk.me) return <p role="alert">{common('error', { message: errorMessage(desk.error) })}</p>;
  const { me, call, offer } = desk;

  return (
    <div className="agent-workspace">
      <ConnectionBanner status={desk.status} />
      <h1>{t('title')}</h1>
      <div role="alert" className="form-error">
        {failure}
        {desk.revoked && (
          <span>
            {t(`offer.revoked.${desk.revoked}`)}{' '}
            <button type="button" onClick={desk.dismissRevoked}>
              OK
            </button>
          </span>
        )}
      </div>
      {me.state === AgentState.Offline && me.stateReason === OfflineReason.ConsoleLost && <ConsoleLostNotice me={me} onAvailable={guard(() => desk.setState('available'))} />}
      <div className="grid">
        <div>
          <StateSwitch me={me} onChange={(state, reason) => guard(() => desk.setState(state, reason))()} />
          {phone && sipUri && <SoftphonePanel phone={phone} state={phoneState} sipUri={sipUri} />}
          {offer && me.state === AgentState.Reserved && (
            <OfferCard
              offer={offer}
              ringing={phoneState.ringingCallId === offer.callId}
              onAccept={() => void guard(() => acceptOffer(offer.callId))()}
              onDecline={() => void guard(() => declineOffer(offer.callId))()}
            />
          )}
          {call?.state === CallState.Dialling && <CallbackDialling call={call} />}
          {call?.state === CallState.Connected && (
            <ActiveCall
              call={call}
              onEnd={guard(() => endCall(call.id))}
              onTransfer={(body) => guard(() => desk.transfer(call.id, body))()}
              mute={phone && phoneState.talkingCallId === call.id ? { muted: phoneState.muted, onChange: (muted) => phone.setMuted(muted) } : undefined}
            />
          )}
          {call?.state === CallState.WrapUp && <WrapUpForm call={call} onSubmit={(body) => guard(() => desk.recordOutcome(call.id, body))()} />}
          {!offer && !call && <p className="panel muted">{me.state === AgentState.Available ? t('idle.available') : t('idle.notAvailable')}</p>}
        </div>
        <div>
          <MyFollowUps reminders={desk.reminders} />
          <MyDay />
          <MyEvaluations />
        </div>
      </div>
    </div>
  );
}
