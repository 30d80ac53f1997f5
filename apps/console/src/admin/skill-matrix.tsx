import { SkillKind, type AgentSkillsAdminView, type SkillView } from '@fc/contracts';
import { useMutation, useMutationState } from '@tanstack/react-query';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ApiProblem } from './api-problem';
import { useAdminAgents, useAdminSkills, useAdminTopics, useNames, useRefresh } from './use-admin-data';

const LEVELS = ['1', '2', '3', '4', '5'];
/** Skill key → level as text ('' = none), per agent id. */
type Levels = Record<string, Record<string, string>>;

/** Display names repeat (two agents can share one): cells and buttons name the agent with their username too. */
const who = (agent: AgentSkillsAdminView) => `${agent.displayName} (${agent.username})`;
/** Rows save on their own, several at once: the pending saves under this key say which rows are busy. */
const SAVE_AGENT_SKILLS = ['admin', 'agents', 'skills'] as const;
type AgentSkillsSave = { agent: AgentSkillsAdminView; levels: Record<string, string> };
const levelsOf = (agent: AgentSkillsAdminView): Record<string, string> => Object.fromEntries(agent.skills.map((s) => [s.skillKey, String(s.proficiency)]));

/**
 * Agents × topic and language skills, levels 1–5 or none, as a grid: one Tab stop, the arrow keys
 * move between cells, a digit picks a level (the select's own type-ahead), Delete clears. Changes
 * are kept per agent until that row is saved; saving sends the agent's whole set, including skills
 * the matrix does not show (the general skill, filtered columns), so nothing is lost.
 */
export function SkillMatrix() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const agents = useAdminAgents();
  const skills = useAdminSkills();
  const topics = useAdminTopics();
  const name = useNames();
  const refresh = useRefresh();
  const [team, setTeam] = useState('');
  const [skillFilter, setSkillFilter] = useState('');
  const [search, setSearch] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [edits, setEdits] = useState<Levels>({});
  const [notice, setNotice] = useState<string | null>(null);
  const saveSkills = useMutation({
    mutationKey: SAVE_AGENT_SKILLS,
    mutationFn: ({ agent, levels }: AgentSkillsSave) => {
      const list = Object.entries(levels)
        .filter(([, level]) => level !== '')
        .map(([skillKey, level]) => ({ skillKey, proficiency: Number(level) }));
      return api(`/api/admin/agents/${agent.id}/skills`, { method: 'PUT', body: { skills: list } });
    },
    onSuccess: (_, { agent }) => {
      setEdits((current) => {
        const rest = { ...current };
        delete rest[agent.id];
        return rest;
      });
      refresh('agents');
      setNotice(t('matrix.saved', { agent: who(agent) }));
    },
  });
  const saving = new Set(useMutationState({ filters: { mutationKey: SAVE_AGENT_SKILLS, status: 'pending' }, select: (save) => (save.state.variables as AgentSkillsSave).agent.id }));
  // The one cell in the Tab order (roving tabindex): [row, column].
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const grid = useRef<HTMLTableElement>(null);

  // Topics first, in the phone menu's order, then languages: "what", then "in which language".
  const matrixSkills = useMemo(() => {
    const menuOrder = new Map<string, number>();
    (topics.data ?? []).forEach((topic, index) => menuOrder.has(topic.skillKey) || menuOrder.set(topic.skillKey, index));
    const topicSkills = (skills.data ?? []).filter((s) => s.kind === SkillKind.Topic).sort((a, b) => (menuOrder.get(a.key) ?? 1e6) - (menuOrder.get(b.key) ?? 1e6));
    return [...topicSkills, ...(skills.data ?? []).filter((s) => s.kind === SkillKind.Language)];
  }, [skills.data, topics.data]);
  const teams = useMemo(() => [...new Set((agents.data ?? []).map((a) => a.team).filter((x): x is string => !!x))].sort(), [agents.data]);
  const columns = skillFilter ? matrixSkills.filter((s) => s.key === skillFilter) : matrixSkills;
  const text = search.trim().toLowerCase();
  const rows = (agents.data ?? []).filter((a) => (showInactive || a.active) && (!team || a.team === team) && (!text || a.username.includes(text) || a.displayName.toLowerCase().includes(text)));
  const changed = Object.keys(edits).filter((id) => agents.data?.some((a) => a.id === id));

  const levelOf = (agent: AgentSkillsAdminView, key: string) => edits[agent.id]?.[key] ?? levelsOf(agent)[key] ?? '';
  const setLevel = (agent: AgentSkillsAdminView, key: string, level: string) => {
    setNotice(null);
    setEdits((current) => {
      const next = { ...(current[agent.id] ?? levelsOf(agent)), [key]: level };
      const same =
        JSON.stringify(
          Object.entries(next)
            .filter(([, v]) => v !== '')
            .sort(),
        ) === JSON.stringify(Object.entries(levelsOf(agent)).sort());
      const rest = { ...current };
      if (same) delete rest[agent.id];
      else rest[agent.id] = next;
      return rest;
    });
  };

  const save = async (agent: AgentSkillsAdminView) => {
    const levels = edits[agent.id];
    if (!levels) return;
    setNotice(null);
    // A refusal shows as the mutation's error; the next row is still saved.
    await saveSkills.mutateAsync({ agent, levels }).catch(() => undefined);
  };
  const saveAll = async () => {
    for (const id of changed) {
      const agent = agents.data?.find((a) => a.id === id);
      if (agent) await save(agent);
    }
  };

  // The last column is the row's save button; cells are [row][0..columns.length].
  const width = columns.length + 1;
  const [activeRow, activeColumn] = [Math.min(active[0], Math.max(0, rows.length - 1)), Math.min(active[1], width - 1)];
  const cellAt = (r: number, c: number) => grid.current?.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`);
  const focusCell = (r: number, c: number) => {
    const row = Math.max(0, Math.min(rows.length - 1, r));
    const column = Math.max(0, Math.min(width - 1, c));
    setActive([row, column]);
    cellAt(row, column)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const target = event.target as HTMLElement;
    const at = target.dataset.cell?.split(':').map(Number);
    if (!at || at.length !== 2) return;
    const [r, c] = at as [number, number];
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [rows.length - 1, width - 1] : [r, width - 1],
      PageUp: [r - 10, c],
      PageDown: [r + 10, c],
    };
    const to = moves[event.key];
    if (to && !event.altKey) {
      // The select would change its value on the arrow keys; in the grid they move instead.
      event.preventDefault();
      focusCell(to[0], to[1]);
      return;
    }
    if ((event.key === 'Delete' || event.key === 'Backspace') && target instanceof HTMLSelectElement) {
      event.preventDefault();
      const agent = rows[r];
      const skill = columns[c];
      if (agent && skill) setLevel(agent, skill.key, '');
    }
  };

  if (agents.error || skills.error) return <ApiProblem error={agents.error ?? skills.error} />;
  if (!agents.data || !skills.data) return <p>{common('loading')}</p>;
  return (
    <section className="panel" aria-labelledby="matrix-heading">
      <div className="row spread">
        <h2 id="matrix-heading" tabIndex={-1}>
          {t('matrix.heading')}
        </h2>
        <button type="button" className="primary" disabled={changed.length === 0 || saving.size > 0} onClick={() => void saveAll()}>
          {t('matrix.saveAll', { count: changed.length })}
        </button>
      </div>
      <p className="muted">{t('matrix.intro')}</p>
      <p className="muted small">{t('nextRound')}</p>
      <div className="row filters" role="search">
        <div>
          <label htmlFor="matrix-team">{t('matrix.team')}</label>
          <select id="matrix-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('matrix.allTeams')}</option>
            {teams.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="matrix-skill">{t('matrix.skill')}</label>
          <select id="matrix-skill" value={skillFilter} onChange={(e) => setSkillFilter(e.target.value)}>
            <option value="">{t('matrix.allSkills')}</option>
            {matrixSkills.map((s) => (
              <option key={s.key} value={s.key}>
                {name(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="matrix-search">{t('matrix.search')}</label>
          <input id="matrix-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <label className="choice">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} /> {t('matrix.showInactive')}
        </label>
      </div>
      <p role="status" className="notice-ok">
        {notice}
      </p>
      <ApiProblem error={saveSkills.error} />
      <p className="muted small" aria-live="polite">
        {t('matrix.shown', { shown: rows.length, total: agents.data.length })}
      </p>
      <p id="matrix-keys" className="muted small">
        {t('matrix.keys')}
      </p>
      {rows.length === 0 ? (
        <p>{t('matrix.noAgents')}</p>
      ) : (
        <div className="table-scroll matrix-scroll">
          <table role="grid" ref={grid} className="skill-matrix" aria-labelledby="matrix-heading" aria-describedby="matrix-keys" onKeyDown={onKeyDown} data-testid="skill-matrix">
            <thead>
              <tr>
                <td />
                {[SkillKind.Topic, SkillKind.Language].map((kind) => {
                  const span = columns.filter((skill) => skill.kind === kind).length;
                  return span === 0 ? null : (
                    <th key={kind} scope="colgroup" colSpan={span} className={`matrix-group kind-${kind}`}>
                      {t(`skills.kinds.${kind}`)}
                    </th>
                  );
                })}
                <td />
              </tr>
              <tr>
                <th scope="col">{t('matrix.agent')}</th>
                {columns.map((skill) => (
                  <th scope="col" key={skill.key} className={`matrix-col kind-${skill.kind}`}>
                    <span>{name(skill)}</span>
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('matrix.save')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((agent, r) => (
                <MatrixRow
                  key={agent.id}
                  agent={agent}
                  row={r}
                  columns={columns}
                  levelOf={(key) => levelOf(agent, key)}
                  onLevel={(key, level) => setLevel(agent, key, level)}
                  dirty={!!edits[agent.id]}
                  saving={saving.has(agent.id)}
                  onSave={() => void save(agent)}
                  activeColumn={r === activeRow ? activeColumn : -1}
                  onFocusCell={(c) => setActive([r, c])}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MatrixRow(props: {
  agent: AgentSkillsAdminView;
  row: number;
  columns: SkillView[];
  levelOf: (key: string) => string;
  onLevel: (key: string, level: string) => void;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  activeColumn: number;
  onFocusCell: (column: number) => void;
}) {
  const { agent, row, columns, levelOf, onLevel, dirty, saving, onSave, activeColumn, onFocusCell } = props;
  const { t } = useTranslation('admin');
  const name = useNames();
  const tabIndex = (column: number) => (column === activeColumn ? 0 : -1);
  return (
    <tr data-agent={agent.username} className={dirty ? 'dirty' : undefined}>
      <th scope="row">
        {agent.displayName} <span className="muted small">{[agent.username, agent.team, agent.active ? null : t('matrix.inactive')].filter(Boolean).join(' · ')}</span>
      </th>
      {columns.map((skill, c) => {
        const level = levelOf(skill.key);
        return (
          <td key={skill.key} className={level ? `level level-${level}` : 'level level-none'}>
            <select
              data-cell={`${row}:${c}`}
              tabIndex={tabIndex(c)}
              aria-label={t('matrix.cell', { skill: name(skill), agent: who(agent) })}
              value={level}
              onFocus={() => onFocusCell(c)}
              onChange={(e) => onLevel(skill.key, e.target.value)}
            >
              <option value="">{t('matrix.none')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </td>
        );
      })}
      <td>
        <button
          type="button"
          className={dirty ? 'small primary' : 'small'}
          data-cell={`${row}:${columns.length}`}
          tabIndex={tabIndex(columns.length)}
          // aria-disabled, not disabled: the cell stays reachable with the arrow keys.
          aria-disabled={!dirty || saving}
          aria-label={t('matrix.saveLabel', { agent: who(agent) })}
          onFocus={() => onFocusCell(columns.length)}
          onClick={() => dirty && !saving && onSave()}
        >
          {t('matrix.save')}
        </button>
        {dirty && <span className="visually-hidden">{t('matrix.changed')}</span>}
      </td>
    </tr>
  );
}
