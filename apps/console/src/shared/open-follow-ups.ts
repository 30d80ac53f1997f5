import { FollowUpKind, FollowUpStatus, type FollowUpList } from '@fc/contracts';
import { api, query } from '../api/api-client';

/**
 * The follow-ups still to do that `filter` selects: the open ones in the api's order (overdue
 * first), then the callbacks whose call is under way (in progress), so whoever sent one sees it
 * queued, dialled or scheduled (DESIGN §11) rather than gone. `overdue` counts the open ones.
 */
export async function openFollowUps(filter: { mine?: boolean }, limit: number): Promise<FollowUpList> {
  const [open, underWay] = await Promise.all([
    api<FollowUpList>(`/api/follow-ups${query({ ...filter, status: FollowUpStatus.Open, limit })}`),
    api<FollowUpList>(`/api/follow-ups${query({ ...filter, status: FollowUpStatus.InProgress, kind: FollowUpKind.Callback, limit })}`),
  ]);
  return { items: [...open.items, ...underWay.items], total: open.total + underWay.total, overdue: open.overdue };
}
