import { CallState, FollowUpKind, FollowUpStatus, type FollowUpView } from '@fc/contracts';
import { isTerminal } from '@fc/domain';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';

const BADGE: Partial<Record<CallState, string>> = {
  [CallState.Dialling]: 'badge warn',
  [CallState.Scheduled]: 'badge warn',
  [CallState.Unreachable]: 'badge danger',
  [CallState.Completed]: 'badge ok',
};

/**
 * A callback follow-up's call (DESIGN §11): where it stands (queued, dialling, scheduled and when,
 * unreachable, completed) and how many tries, and, while no call of it is under way, the button
 * that sends it as a call (again). A refusal (409: one is under way after all, or it is no longer
 * an open callback) is shown with the api's message; either way `list` is read again.
 */
export function CallbackControl({ followUp, list }: { followUp: FollowUpView; list: QueryKey }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queries = useQueryClient();
  const send = useMutation({
    mutationFn: () => api<FollowUpView>(`/api/follow-ups/${followUp.id}/callback`, { method: 'POST' }),
    onSettled: () => queries.invalidateQueries({ queryKey: list }),
  });
  if (followUp.kind !== FollowUpKind.Callback) return null;
  const call = followUp.callback;
  const open = followUp.status === FollowUpStatus.Open || followUp.status === FollowUpStatus.InProgress;
  const sendable = open && (call === null || isTerminal(call.state));
  return (
    <div className="callback-control" data-testid="callback-control">
      {call ? (
        <>
          <span className={BADGE[call.state] ?? 'badge'} data-testid="callback-state" data-state={call.state}>
            {t(`callStates.${call.state}`)}
          </span>{' '}
          <span className="muted small">
            {t('callback.tries', { n: call.dialAttempts })}
            {call.state === CallState.Scheduled && call.dueAt && <> · {t('callback.nextTry', { at: new Date(call.dueAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) })}</>}
          </span>
        </>
      ) : (
        <span className="muted small" data-testid="callback-state" data-state="none">
          {t('callback.notCalled')}
        </span>
      )}
      {sendable && (
        <>
          {' '}
          <button type="button" className="small" disabled={send.isPending} onClick={() => send.mutate()}>
            {call === null ? t('callback.callBack') : t('callback.sendAgain')}
          </button>
        </>
      )}
      {send.error && (
        <p role="alert" className="form-error">
          {t('callback.refused', { message: errorMessage(send.error) })}
        </p>
      )}
    </div>
  );
}
