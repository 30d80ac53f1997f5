import { AgentState, SELECTABLE_BREAK_REASONS, type AgentMeView, type BreakReason, type SelectableAgentState } from '@fc/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { stateReasonKey } from '../shared/state-reason';

/** Available, break with a reason, or offline; locked while a call is in hand. */
export function StateSwitch({ me, onChange }: { me: AgentMeView; onChange: (state: SelectableAgentState, reason?: BreakReason) => Promise<unknown> }) {
  const { t } = useTranslation('agent');
  const { t: common } = useTranslation();
  const [reason, setReason] = useState<BreakReason>('break');
  const [busy, setBusy] = useState(false);
  const locale = useLocale();
  const inCall = me.state === AgentState.Reserved || me.state === AgentState.OnCall || me.state === AgentState.WrapUp;
  const change = async (state: SelectableAgentState) => {
    setBusy(true);
    try {
      await onChange(state, state === 'break' ? reason : undefined);
    } finally {
      setBusy(false);
    }
  };
  const since = new Date(me.stateSince).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const stateText = `${common(`states.${me.state}`)}${me.stateReason ? ` (${common(stateReasonKey(me.state, me.stateReason))})` : ''}`;
  return (
    <section className="panel" aria-labelledby="state-heading">
      <h2 id="state-heading">{t('state.heading')}</h2>
      <p data-testid="agent-state" data-state={me.state}>
        {t('state.current', { state: stateText, since })}
      </p>
      <div className="row">
        <button type="button" className="primary" aria-pressed={me.state === AgentState.Available} disabled={busy || inCall} onClick={() => void change('available')}>
          {t('state.available')}
        </button>
        <label htmlFor="break-reason" className="inline-label">
          {t('state.reason')}
        </label>
        <select id="break-reason" value={reason} onChange={(e) => setReason(e.target.value as BreakReason)} disabled={busy || inCall}>
          {SELECTABLE_BREAK_REASONS.map((r) => (
            <option key={r} value={r}>
              {common(`breakReasons.${r}`)}
            </option>
          ))}
        </select>
        <button type="button" aria-pressed={me.state === AgentState.Break} disabled={busy || inCall} onClick={() => void change('break')}>
          {t('state.break')}
        </button>
        <button type="button" aria-pressed={me.state === AgentState.Offline} disabled={busy || inCall} onClick={() => void change('offline')}>
          {t('state.offline')}
        </button>
      </div>
      {inCall && <p className="muted">{t('state.locked')}</p>}
    </section>
  );
}
