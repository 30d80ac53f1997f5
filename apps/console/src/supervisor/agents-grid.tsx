import { AgentState, type FloorAgentView } from '@fc/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stateReasonKey } from '../shared/state-reason';
import { clock, useNow } from '../shared/use-now';
import { AgentEditor } from './agent-editor';

const ORDER: AgentState[] = [AgentState.Available, AgentState.Reserved, AgentState.OnCall, AgentState.WrapUp, AgentState.Break, AgentState.Offline];

/** Every agent by state, with the time in that state; a supervisor can change an agent's state or skills. */
export function AgentsGrid({ agents }: { agents: FloorAgentView[] }) {
  const { t } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const now = useNow();
  const [showOffline, setShowOffline] = useState(false);
  const [editing, setEditing] = useState<FloorAgentView | null>(null);
  const states = ORDER.filter((state) => showOffline || state !== AgentState.Offline);
  return (
    <section className="panel" aria-labelledby="agents-heading">
      <div className="row spread">
        <h2 id="agents-heading">{t('agents.heading')}</h2>
        <label className="choice">
          <input type="checkbox" checked={showOffline} onChange={(e) => setShowOffline(e.target.checked)} /> {common('states.offline')}
        </label>
      </div>
      <div className="agent-columns" data-testid="agents-grid">
        {states.map((state) => {
          const inState = agents.filter((a) => a.state === state).sort((a, b) => Date.parse(a.stateSince) - Date.parse(b.stateSince));
          return (
            <section key={state} className={`agent-column state-${state}`} aria-labelledby={`state-${state}`}>
              <h3 id={`state-${state}`}>
                {common(`states.${state}`)} <span className="badge">{inState.length}</span>
              </h3>
              <ul>
                {inState.map((agent) => (
                  <li key={agent.id} data-agent={agent.username} data-state={agent.state}>
                    <span className="agent-name">{agent.displayName}</span>
                    <span className="muted small">
                      {agent.team ?? ''} · {t('agents.timeInState', { time: clock((now - Date.parse(agent.stateSince)) / 1000) })}
                      {agent.stateReason ? ` · ${common(stateReasonKey(agent.state, agent.stateReason))}` : ''}
                    </span>
                    <button type="button" className="small" aria-label={`${t('agents.change')}: ${agent.displayName}`} onClick={() => setEditing(agent)}>
                      {t('agents.change')}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {editing && <AgentEditor agent={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
