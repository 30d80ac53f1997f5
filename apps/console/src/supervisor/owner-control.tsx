import { Role, type FollowUpAssigneeView, type FollowUpView } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';

const ASSIGNEES = ['follow-up-assignees'];
/** The people who take calls first: a callback or a handover is mostly given to an agent. */
const ROLE_ORDER = [Role.Agent, Role.Supervisor, Role.Quality, Role.Admin];

/**
 * Gives an open follow-up to a person, or takes it from its owner: `PATCH /api/follow-ups/:id`
 * with `ownerUserId`, a user id or null. The people are the active users the api offers
 * (`GET /api/follow-ups/assignees`; the floor's agents carry agent ids, not user ids), grouped by
 * role. A refusal (400: the person is no longer active, or the follow-up was finished meanwhile)
 * is shown with the api's message; either way `list` is read again, and it shows the owner.
 */
export function OwnerControl({ followUp, list }: { followUp: FollowUpView; list: QueryKey }) {
  const { t } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const queries = useQueryClient();
  const people = useQuery({ queryKey: ASSIGNEES, queryFn: () => api<FollowUpAssigneeView[]>('/api/follow-ups/assignees'), staleTime: 5 * 60_000 });
  // The person picked here, until another is picked: once the list is read again it is the owner shown.
  const [chosen, setChosen] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (ownerUserId: string | null) => api<FollowUpView>(`/api/follow-ups/${followUp.id}`, { method: 'PATCH', body: { ownerUserId } }),
    onSettled: () => queries.invalidateQueries({ queryKey: list }),
  });
  const listed = people.data ?? [];
  const owner = followUp.ownerUserId;
  // An owner no longer active is not offered: the select then waits for a choice.
  const selected = chosen ?? (owner !== null && listed.some((person) => person.id === owner) ? owner : '');
  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (selected) change.mutate(selected);
  };
  return (
    <form className="owner-control" data-testid="owner-control" onSubmit={assign}>
      <select aria-label={t('followUps.assignTo')} value={selected} disabled={!people.data} onChange={(event) => setChosen(event.target.value)}>
        <option value="">{t('followUps.choosePerson')}</option>
        {ROLE_ORDER.map((role) => {
          const group = listed.filter((person) => person.role === role);
          return group.length === 0 ? null : (
            <optgroup key={role} label={common(`roles.${role}`)}>
              {group.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName} ({person.username})
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      <button type="submit" className="small" disabled={change.isPending || selected === '' || selected === owner}>
        {t('followUps.assign')}
      </button>
      {owner !== null && (
        <button type="button" className="small" disabled={change.isPending} onClick={() => change.mutate(null)}>
          {t('followUps.unassign')}
        </button>
      )}
      {change.error && (
        <p role="alert" className="form-error">
          {t('followUps.assignRefused', { message: errorMessage(change.error) })}
        </p>
      )}
    </form>
  );
}
