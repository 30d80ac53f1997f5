import type { FollowUpList } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';

/** Open follow-ups, overdue first (the api's order), refreshed when a follow-up alert invalidates them (useFloor). */
export function FollowUpsPanel() {
  const { t } = useTranslation('supervisor');
  const { t: common } = useTranslation();
  const { nameOf } = useTopics();
  const locale = useLocale();
  const list = useQuery({
    queryKey: ['follow-ups', 'open'],
    queryFn: () => api<FollowUpList>('/api/follow-ups?status=open&limit=25'),
    refetchInterval: 30_000,
  });
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
                <tr key={item.id}>
                  <td>{common(`followUpKinds.${item.kind}`)}</td>
                  <td>{common(`followUpCauses.${item.cause}`)}</td>
                  <td>{nameOf(item.topicKey)}</td>
                  <td>
                    {new Date(item.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}{' '}
                    {item.timing && <span className={item.timing === 'overdue' ? 'badge danger' : item.timing === 'due_soon' ? 'badge warn' : 'badge ok'}>{t(`followUps.timing.${item.timing}`)}</span>}
                  </td>
                  <td>{item.ownerUsername ?? t('followUps.noOwner')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
