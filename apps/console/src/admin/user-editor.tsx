import { PASSWORD_LENGTH, Role, type UserAdminView } from '@fc/contracts';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ApiProblem } from './api-problem';
import { useAdminAgents, useRefresh } from './use-admin-data';

export type UserDialog = { kind: 'edit' | 'password'; user: UserAdminView };

const ROLES = Object.values(Role);

/**
 * A modal to change one user (name, role, team, active, an agent's endpoint) or set a new password. The native
 * `dialog` keeps the focus inside and gives it back to the button that opened it; Escape closes.
 */
export function UserEditor({ dialog: { kind, user }, onClose }: { dialog: UserDialog; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const refresh = useRefresh();
  const element = useRef<HTMLDialogElement>(null);
  const problem = useRef<HTMLDivElement>(null);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [team, setTeam] = useState(user.team ?? '');
  const [active, setActive] = useState(user.active);
  // The endpoint lives on the agent profile, read from the agents' list; null until edited here.
  const savedEndpoint = useAdminAgents().data?.find((a) => a.id === user.agentId)?.endpoint ?? '';
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  // One change at a time from this dialog: the user's fields, or a new password.
  const change = useMutation({
    mutationFn: async (request: { fields: Record<string, unknown>; endpoint?: string | null } | { password: string }) => {
      if ('password' in request) return api(`/api/admin/users/${user.id}/password`, { method: 'PUT', body: { password: request.password } });
      if (Object.keys(request.fields).length > 0) await api(`/api/admin/users/${user.id}`, { method: 'PATCH', body: request.fields });
      if (request.endpoint !== undefined) await api(`/api/admin/agents/${user.agentId}/endpoint`, { method: 'PUT', body: { endpoint: request.endpoint } });
    },
    onSuccess: (_, request) => {
      if ('password' in request) setPassword('');
      refresh('users', 'agents');
      setNotice('fields' in request ? t('users.saved') : t('users.passwordSet'));
    },
    onError: () => requestAnimationFrame(() => problem.current?.focus()),
  });

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    element.current?.showModal();
    return () => opener?.focus();
  }, []);

  // Both forms end alike: what the api refused or the notice of success, then submit and close.
  const outcome = (submitLabel: string) => (
    <>
      <ApiProblem error={change.error} ref={problem} />
      <p role="status" className="notice-ok">
        {notice}
      </p>
      <div className="row">
        <button type="submit" className="primary" disabled={change.isPending}>
          {submitLabel}
        </button>
        <button type="button" onClick={() => element.current?.close()}>
          {t('users.close')}
        </button>
      </div>
    </>
  );

  const save = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    if (displayName !== user.displayName) body.displayName = displayName;
    if (role !== user.role) body.role = role;
    if (role === Role.Agent && team.trim() !== (user.team ?? '')) body.team = team.trim() === '' ? null : team.trim();
    if (active !== user.active) body.active = active;
    const newEndpoint = user.agentId && role === Role.Agent && endpoint !== null && endpoint.trim() !== savedEndpoint ? endpoint.trim() || null : undefined;
    if (Object.keys(body).length === 0 && newEndpoint === undefined) {
      setNotice(t('topicEditor.nothingChanged'));
      return;
    }
    setNotice(null);
    change.mutate({ fields: body, endpoint: newEndpoint });
  };
  const setNewPassword = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    change.mutate({ password });
  };

  return (
    <dialog ref={element} className="editor" aria-labelledby="user-editor-heading" onClose={onClose} data-testid="user-editor">
      {kind === 'edit' ? (
        <form onSubmit={save} noValidate>
          <h2 id="user-editor-heading">{t('users.editHeading', { name: user.displayName })}</h2>
          <p className="muted">
            <code>{user.username}</code>
          </p>
          <label htmlFor="edit-display-name">{t('users.displayName')}</label>
          <input id="edit-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
          <label htmlFor="edit-role">{t('users.role')}</label>
          <select id="edit-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {common(`roles.${r}`)}
              </option>
            ))}
          </select>
          {role === Role.Agent && (
            <>
              <label htmlFor="edit-team">{t('users.team')}</label>
              <input id="edit-team" list="known-teams" value={team} onChange={(e) => setTeam(e.target.value)} autoComplete="off" />
            </>
          )}
          {role === Role.Agent && user.agentId && (
            <>
              <label htmlFor="edit-endpoint">{t('users.endpoint')}</label>
              <input
                id="edit-endpoint"
                value={endpoint ?? savedEndpoint}
                onChange={(e) => setEndpoint(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="sip:agent@pbx.example"
                aria-describedby="edit-endpoint-help"
                data-testid="edit-endpoint"
              />
              <p id="edit-endpoint-help" className="muted small">
                {t('users.endpointHelp')}
              </p>
            </>
          )}
          <label className="choice">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('users.activeField')}
          </label>
          {outcome(common('save'))}
        </form>
      ) : (
        <form onSubmit={setNewPassword} noValidate>
          <h2 id="user-editor-heading">{t('users.passwordHeading', { name: user.displayName })}</h2>
          <label htmlFor="reset-password">{t('users.newPassword')}</label>
          <input id="reset-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="reset-password-help" />
          <p id="reset-password-help" className="muted small">
            {t('users.passwordHelp', { min: PASSWORD_LENGTH.min })}
          </p>
          {outcome(t('users.setPassword'))}
        </form>
      )}
    </dialog>
  );
}
