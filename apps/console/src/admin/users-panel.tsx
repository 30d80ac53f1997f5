import { PASSWORD_LENGTH, Role, type UserAdminView } from '@fc/contracts';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useSession } from '../session/session';
import { ApiProblem } from './api-problem';
import { useAdminUsers, useRefresh } from './use-admin-data';
import { UserEditor, type UserDialog } from './user-editor';

const ROLES = Object.values(Role);
/** Display names repeat (two agents can share one): buttons name the user with their username too. */
const who = (user: UserAdminView) => `${user.displayName} (${user.username})`;

/** Who signs in: search, create, change, deactivate or activate, set a new password. */
export function UsersPanel() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const { user: me } = useSession();
  const users = useAdminUsers();
  const refresh = useRefresh();
  const [search, setSearch] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | ''>('');
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const activation = useMutation({
    mutationFn: ({ user, active }: { user: UserAdminView; active: boolean }) => api<UserAdminView>(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { active } }),
    onSuccess: (_, { user, active }) => {
      refresh('users', 'agents');
      setNotice(active ? t('users.activated', { name: user.displayName }) : t('users.deactivated', { name: user.displayName }));
    },
  });
  const teams = useMemo(() => [...new Set((users.data ?? []).map((u) => u.team).filter((team): team is string => !!team))].sort(), [users.data]);

  const shown = (users.data ?? []).filter((u) => {
    const text = search.trim().toLowerCase();
    return (!roleFilter || u.role === roleFilter) && (!text || u.username.includes(text) || u.displayName.toLowerCase().includes(text));
  });

  const setActive = (user: UserAdminView, active: boolean) => {
    setNotice(null);
    activation.mutate({ user, active });
  };

  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading" tabIndex={-1}>
        {t('users.heading')}
      </h2>
      <p className="muted">{t('users.intro')}</p>
      <CreateUserForm teams={teams} onCreated={(created) => setNotice(t('users.created', { name: created.displayName }))} />

      <div className="row filters" role="search">
        <div>
          <label htmlFor="user-search">{t('users.search')}</label>
          <input id="user-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div>
          <label htmlFor="user-role-filter">{t('users.roleFilter')}</label>
          <select id="user-role-filter" value={roleFilter} onChange={(e) => setRoleFilter(e.target.value as Role | '')}>
            <option value="">{t('users.allRoles')}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {common(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div role="status" className="notice-ok">
        {notice}
      </div>
      <ApiProblem error={activation.error ?? users.error} />
      {!users.data ? (
        !users.error && <p>{common('loading')}</p>
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {t('users.shown', { shown: shown.length, total: users.data.length })}
          </p>
          <div className="table-scroll">
            <table data-testid="users-table">
              <caption className="visually-hidden">{t('users.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.displayName')}</th>
                  <th scope="col">{t('users.username')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.team')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t('users.none')}</td>
                  </tr>
                )}
                {shown.map((user) => (
                  <tr key={user.id} data-user={user.username} data-active={user.active}>
                    <th scope="row">{user.displayName}</th>
                    <td>
                      <code>{user.username}</code>
                    </td>
                    <td>{common(`roles.${user.role}`)}</td>
                    <td>{user.team ?? ''}</td>
                    <td>{user.active ? <span className="badge ok">{t('users.active')}</span> : <span className="badge danger">{t('users.inactive')}</span>}</td>
                    <td className="row-actions">
                      <button type="button" className="small" aria-label={t('users.editLabel', { name: who(user) })} onClick={() => setDialog({ kind: 'edit', user })}>
                        {t('users.edit')}
                      </button>
                      <button type="button" className="small" aria-label={t('users.resetPasswordLabel', { name: who(user) })} onClick={() => setDialog({ kind: 'password', user })}>
                        {t('users.resetPassword')}
                      </button>
                      {user.id !== me?.id &&
                        (user.active ? (
                          <button type="button" className="small danger" aria-label={t('users.deactivateLabel', { name: who(user) })} onClick={() => setActive(user, false)}>
                            {t('users.deactivate')}
                          </button>
                        ) : (
                          <button type="button" className="small" aria-label={t('users.activateLabel', { name: who(user) })} onClick={() => setActive(user, true)}>
                            {t('users.activate')}
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <datalist id="known-teams">
        {teams.map((team) => (
          <option key={team} value={team} />
        ))}
      </datalist>
      {dialog && <UserEditor dialog={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}

function CreateUserForm({ teams, onCreated }: { teams: string[]; onCreated: (user: UserAdminView) => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const refresh = useRefresh();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(Role.Agent);
  const [password, setPassword] = useState('');
  const [team, setTeam] = useState(teams[0] ?? '');
  const [endpoint, setEndpoint] = useState('');
  const problem = useRef<HTMLDivElement>(null);
  const create = useMutation({
    mutationFn: () => {
      const agent = role === Role.Agent;
      const body = {
        username: username.trim(),
        displayName,
        role,
        password,
        ...(agent && team.trim() ? { team: team.trim() } : {}),
        ...(agent && endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
      };
      return api<UserAdminView>('/api/admin/users', { method: 'POST', body });
    },
    onSuccess: (created) => {
      refresh('users', 'agents');
      setUsername('');
      setDisplayName('');
      setPassword('');
      setEndpoint('');
      onCreated(created);
    },
    onError: () => requestAnimationFrame(() => problem.current?.focus()),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="create-user-form">
      <fieldset>
        <legend>{t('users.create')}</legend>
        <div className="field-row">
          <div>
            <label htmlFor="new-username">{t('users.username')}</label>
            <input id="new-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} />
          </div>
          <div>
            <label htmlFor="new-display-name">{t('users.displayName')}</label>
            <input id="new-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
          </div>
          <div>
            <label htmlFor="new-role">{t('users.role')}</label>
            <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {common(`roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          {role === Role.Agent && (
            <div>
              <label htmlFor="new-team">{t('users.team')}</label>
              <input id="new-team" list="known-teams" value={team} onChange={(e) => setTeam(e.target.value)} autoComplete="off" aria-describedby="new-team-help" />
              <p id="new-team-help" className="muted small">
                {t('users.teamHelp')}
              </p>
            </div>
          )}
          {role === Role.Agent && (
            <div>
              <label htmlFor="new-endpoint">{t('users.endpoint')}</label>
              <input
                id="new-endpoint"
                value={endpoint}
                onChange={(e) => setEndpoint(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="sip:agent@pbx.example"
                aria-describedby="new-endpoint-help"
                data-testid="new-endpoint"
              />
              <p id="new-endpoint-help" className="muted small">
                {t('users.newEndpointHelp')}
              </p>
            </div>
          )}
          <div>
            <label htmlFor="new-password">{t('users.password')}</label>
            <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="new-password-help" />
            <p id="new-password-help" className="muted small">
              {t('users.passwordHelp', { min: PASSWORD_LENGTH.min })}
            </p>
          </div>
        </div>
        <ApiProblem error={create.error} ref={problem} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('users.createButton')}
        </button>
      </fieldset>
    </form>
  );
}
