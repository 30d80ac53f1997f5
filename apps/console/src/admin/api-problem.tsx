import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/api-client';

/**
 * Why the api refused a change, next to the form that asked: its 4xx message(s) as they came, under
 * a translated line. An alert, so a screen reader says it at once; focusable, so a form can move
 * the focus to it.
 */
export const ApiProblem = forwardRef<HTMLDivElement, { error: unknown; id?: string }>(function ApiProblem({ error, id }, ref) {
  const { t } = useTranslation('admin');
  if (!error) return <div role="alert" id={id} ref={ref} tabIndex={-1} className="api-problem-region" />;
  const messages = error instanceof ApiError && error.body ? [error.body.message].flat() : null;
  return (
    <div role="alert" id={id} ref={ref} tabIndex={-1} className="api-problem-region">
      <div className="api-problem" data-testid="api-problem">
        {error instanceof ApiError && messages ? (
          <>
            <p>{t('apiRefused', { status: error.status })}</p>
            <ul>
              {messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('failed', { message: errorMessage(error) })}</p>
        )}
      </div>
    </div>
  );
});
