import { FollowUpKind, FollowUpStatus, type FollowUpList } from '@fc/contracts';
import { api, query } from '../api/api-client';

/**
 * The follow-ups still to do that `filter` selects: the open ones in the api's order (overdue
 * first), then the callbacks whose call is under way (in progress), so whoever sent one sees it
 * queued, dialled or scheduled (DESIGN §11) rather than gone, and the leader conversations under
 * way, so the complainant's answer (a time suggested, decision 0041) stays in sight until the
 * conversation is held. `overdue` counts the open ones.
 */
export async function openFollowUps(filter: { mine?: boolean }, limit: number): Promise<FollowUpList> {
  const [open, underWay, conversations] = await Promise.all([
    api<FollowUpList>(`/api/follow-ups${query({ ...filter, status: FollowUpStatus.Open, limit })}`),
    api<FollowUpList>(`/api/follow-ups${query({ ...filter, status: FollowUpStatus.InProgress, kind: FollowUpKind.Callback, limit })}`),
    api<FollowUpList>(`/api/follow-ups${query({ ...filter, status: FollowUpStatus.InProgress, kind: FollowUpKind.LeaderConversation, limit })}`),
  ]);
  return { items: [...open.items, ...underWay.items, ...conversations.items], total: open.total + underWay.total + conversations.total, overdue: open.overdue };
}
