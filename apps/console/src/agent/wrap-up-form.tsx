import { AGENT_OUTCOMES, type AgentOutcome, type CallView, type RecordOutcomeRequest } from '@fc/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { clock, useNow } from '../shared/use-now';
import { useTopics } from '../shared/use-topics';

const REASON_CODE = /^[a-z0-9_]{1,64}$/;

/**
 * After-call work: the topic's closing guidance, then outcome, expectations, reason codes and note.
 * `late`: the wrap-up ran out of time and the agent records the outcome afterwards, from their to-do.
 */
export function WrapUpForm({ call, onSubmit, late = false }: { call: CallView; onSubmit: (body: RecordOutcomeRequest) => Promise<unknown>; late?: boolean }) {
  const { t, i18n } = useTranslation('agent');
  const locale = useLocale();
  const { t: common } = useTranslation();
  const { byKey } = useTopics();
  const now = useNow();
  const [outcome, setOutcome] = useState<AgentOutcome | ''>('');
  const [aligned, setAligned] = useState(false);
  const [codes, setCodes] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const topic = byKey.get(call.topicKey);
  const guidance = topic ? (i18n.language === 'en' ? topic.closingGuidanceEn : topic.closingGuidanceNb) : null;
  const since = call.endedAt ? new Date(call.endedAt).getTime() : now;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reasonCodes = codes
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (!outcome) return setProblem(t('wrapUp.required'));
    if (!reasonCodes.every((c) => REASON_CODE.test(c))) return setProblem(t('wrapUp.badCodes'));
    setProblem(null);
    await onSubmit({ outcome, expectationAligned: aligned, ...(reasonCodes.length ? { reasonCodes } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };

  return (
    <section className="panel" aria-labelledby="wrap-up-heading" data-testid={late ? 'late-outcome' : 'wrap-up'}>
      <h2 id="wrap-up-heading">{t(late ? 'wrapUp.lateHeading' : 'wrapUp.heading')}</h2>
      {late ? (
        <p>{t('wrapUp.ended', { at: new Date(since).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) })}</p>
      ) : (
        <p>
          {t('wrapUp.timer')}:{' '}
          <span role="timer" aria-live="off">
            {clock((now - since) / 1000)}
          </span>
        </p>
      )}
      {guidance && (
        <aside className="guidance" aria-labelledby="guidance-heading">
          <h3 id="guidance-heading">{t('wrapUp.guidance')}</h3>
          <p>{guidance}</p>
        </aside>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('wrapUp.outcome')}</legend>
          <div className="choices">
            {AGENT_OUTCOMES.map((o) => (
              <label key={o} className="choice">
                <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {common(`outcomes.${o}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={aligned} onChange={(e) => setAligned(e.target.checked)} /> {t('wrapUp.expectationAligned')}
        </label>
        <label htmlFor="reason-codes">{t('wrapUp.reasonCodes')}</label>
        <input id="reason-codes" aria-describedby="reason-codes-help" value={codes} onChange={(e) => setCodes(e.target.value)} />
        <p id="reason-codes-help" className="muted">
          {t('wrapUp.reasonCodesHelp')}
        </p>
        <label htmlFor="note">{t('wrapUp.note')}</label>
        <textarea id="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        <p role="alert" className="form-error">
          {problem}
        </p>
        <button type="submit" className="primary">
          {t('wrapUp.submit')}
        </button>
      </form>
    </section>
  );
}
