import { SELECTABLE_BREAK_REASONS, type BreakReason, type FloorAgentView, type SelectableAgentState, type SkillView } from '@fc/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';

/** A modal to set one agent's state or skills; the live floor shows the result as it happens. */
export function AgentEditor({ agent, onClose }: { agent: FloorAgentView; onClose: () => void }) {
  const { t, i18n } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const skills = useQuery({ queryKey: ['skills'], queryFn: () => api<SkillView[]>('/api/skills'), staleTime: 5 * 60_000 });
  const [state, setState] = useState<SelectableAgentState>('available');
  const [reason, setReason] = useState<BreakReason>('break');
  const [levels, setLevels] = useState<Record<string, string>>(() => Object.fromEntries(agent.skills.map((s) => [s.skillKey, String(s.proficiency)])));
  // No query to invalidate: the live floor shows the agent's new state or skills as the api changes them.
  const change = useMutation({
    mutationFn: ({ part, body }: { part: 'state' | 'skills'; body: object }) => api(`/api/agents/${agent.id}/${part}`, { method: 'PUT', body }),
  });
  const message = change.isSuccess ? t('agents.saved') : change.error ? common('error', { message: errorMessage(change.error) }) : null;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const saveState = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ part: 'state', body: { state, ...(state === 'break' ? { reason } : {}) } });
  };
  const saveSkills = (event: FormEvent) => {
    event.preventDefault();
    const list = Object.entries(levels)
      .filter(([, level]) => level.trim() !== '')
      .map(([skillKey, level]) => ({ skillKey, proficiency: Number(level) }));
    change.mutate({ part: 'skills', body: { skills: list } });
  };

  return (
    <dialog ref={dialog} className="editor" aria-labelledby="editor-heading" onClose={onClose}>
      <h2 id="editor-heading">{t('agents.editSkills', { name: agent.displayName })}</h2>
      <form onSubmit={saveState} className="row">
        <label htmlFor="agent-state">{t('agents.setState')}</label>
        <select id="agent-state" value={state} onChange={(e) => setState(e.target.value as SelectableAgentState)}>
          {(['available', 'break', 'offline'] as const).map((s) => (
            <option key={s} value={s}>
              {common(`states.${s}`)}
            </option>
          ))}
        </select>
        {state === 'break' && (
          <select aria-label={common('breakReasons.break')} value={reason} onChange={(e) => setReason(e.target.value as BreakReason)}>
            {SELECTABLE_BREAK_REASONS.map((r) => (
              <option key={r} value={r}>
                {common(`breakReasons.${r}`)}
              </option>
            ))}
          </select>
        )}
        <button type="submit">{t('agents.apply')}</button>
      </form>
      <form onSubmit={saveSkills}>
        <fieldset>
          <legend>{t('agents.skills')}</legend>
          <p className="muted">{t('agents.proficiency')}</p>
          <div className="skill-grid">
            {(skills.data ?? []).map((skill) => (
              <label key={skill.key} className="skill-level">
                <span>{i18n.language === 'en' ? skill.nameEn : skill.nameNb}</span>
                <input type="number" min={1} max={5} inputMode="numeric" value={levels[skill.key] ?? ''} onChange={(e) => setLevels((current) => ({ ...current, [skill.key]: e.target.value }))} />
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary">
            {common('save')}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('agents.close')}
          </button>
        </div>
      </form>
      <p role="status" className="muted">
        {message}
      </p>
    </dialog>
  );
}
