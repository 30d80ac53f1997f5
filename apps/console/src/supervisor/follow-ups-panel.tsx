import { FollowUpKind, type LeaderInvitationView } from '@fc/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { CallbackControl } from '../shared/callback-control';
import { openFollowUps } from '../shared/open-follow-ups';
import { useTopics } from '../shared/use-topics';
import { OwnerControl } from './owner-control';

const LIST = ['follow-ups', 'open'];

/**
 * Open follow-ups, overdue first (the api's order), and callbacks under way, refreshed when a
 * follow-up alert invalidates them (useFloor) and when a callback call on the floor moves
 * (`callbacksOnFloor` changes): a callback's row follows its call. Each row can be given to a
 * person, or taken from its owner, under the owner's name.
 */
export function FollowUpsPanel({ callbacksOnFloor }: { callbacksOnFloor: string }) {
  const { t } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const { nameOf } = useTopics();
  const locale = useLocale();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: LIST, queryFn: () => openFollowUps({}, 25), refetchInterval: 30_000 });
  const seen = useRef(callbacksOnFloor);
  useEffect(() => {
    if (seen.current === callbacksOnFloor) return;
    seen.current = callbacksOnFloor;
    void queries.invalidateQueries({ queryKey: LIST });
  }, [callbacksOnFloor, queries]);
  const items = list.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">
        {t('followUps.heading')} {list.data && list.data.overdue > 0 && <span className="badge danger">{t('followUps.overdue', { count: list.data.overdue })}</span>}
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('followUps.none')}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="follow-ups">
            <thead>
              <tr>
                <th scope="col">{t('followUps.kind')}</th>
                <th scope="col">{t('followUps.cause')}</th>
                <th scope="col">{t('queues.topic')}</th>
                <th scope="col">{t('followUps.due')}</th>
                <th scope="col">{t('followUps.owner')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-follow-up={item.id}>
                  <td>
                    {common(`followUpKinds.${item.kind}`)}
                    {item.kind === FollowUpKind.Callback && <CallbackControl followUp={item} list={LIST} />}
                    {item.invitation && <InvitationState invitation={item.invitation} />}
                  </td>
                  <td>{common(`followUpCauses.${item.cause}`)}</td>
                  <td>{nameOf(item.topicKey)}</td>
                  <td>
                    {new Date(item.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}{' '}
                    {item.timing && <span className={item.timing === 'overdue' ? 'badge danger' : item.timing === 'due_soon' ? 'badge warn' : 'badge ok'}>{t(`followUps.timing.${item.timing}`)}</span>}
                  </td>
                  <td>
                    <span data-testid="follow-up-owner">{item.ownerUsername ?? t('followUps.noOwner')}</span>
                    <OwnerControl followUp={item} list={LIST} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const INVITATION_BADGE: Record<LeaderInvitationView['status'], string> = { sent: 'badge', accepted: 'badge ok', time_suggested: 'badge ok', declined: 'badge warn', expired: 'badge warn' };

/** Where a leader conversation's invitation stands (decision 0041): sent, answered which way, or expired; a suggested time in full. */
function InvitationState({ invitation }: { invitation: LeaderInvitationView }) {
  const { t } = useTranslation('supervisor');
  const locale = useLocale();
  return (
    <p className="muted" data-testid="follow-up-invitation">
      {t('followUps.invitation.label')}: <span className={INVITATION_BADGE[invitation.status]}>{t(`followUps.invitation.${invitation.status}`)}</span>
      {invitation.suggestedTime && <> {new Date(invitation.suggestedTime).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}</>}
    </p>
  );
}
