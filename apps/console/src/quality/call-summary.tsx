import type { ReviewView } from '@fc/contracts';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/locale';
import { dateTime, timeOfDay } from './figures-format';

/** What the agent recorded about the call: outcome, expectations, reason codes, note; and who handled it. */
export function CallSummary({ review }: { review: ReviewView }) {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { call } = review;
  const language = common(`languages.${call.language}`, { defaultValue: call.language });
  return (
    <section className="panel" aria-labelledby="call-heading">
      <h2 id="call-heading">{t('review.call.heading')}</h2>
      <dl className="facts" data-testid="call-facts">
        <dt>{t('review.call.outcome')}</dt>
        <dd data-testid="call-outcome">{call.outcome ? common(`outcomes.${call.outcome}`) : '–'}</dd>
        <dt>{t('review.call.expectationAligned')}</dt>
        <dd>{call.expectationAligned === null ? '–' : call.expectationAligned ? t('yes') : t('no')}</dd>
        <dt>{t('review.call.reasonCodes')}</dt>
        <dd>{call.reasonCodes.length ? call.reasonCodes.join(', ') : '–'}</dd>
        <dt>{t('review.call.agents')}</dt>
        <dd>{review.agents.map((a) => a.displayName).join(', ') || '–'}</dd>
        <dt>{t('review.call.transfers')}</dt>
        <dd>{call.transferCount}</dd>
        <dt>{t('review.call.direction')}</dt>
        <dd>
          {t(`review.call.directions.${call.direction}`)} · {language}
        </dd>
        <dt>{t('review.call.queued')}</dt>
        <dd>{call.queuedAt ? dateTime(call.queuedAt, locale) : '–'}</dd>
        <dt>{t('review.call.answered')}</dt>
        <dd>{call.answeredAt ? timeOfDay(call.answeredAt, locale) : '–'}</dd>
        <dt>{t('review.call.completed')}</dt>
        <dd>{call.completedAt ? timeOfDay(call.completedAt, locale) : '–'}</dd>
        {call.repeatOfCallId && (
          <>
            <dt>{t('review.call.repeat')}</dt>
            <dd>{t('review.call.repeatYes')}</dd>
          </>
        )}
      </dl>
      <h3>{t('review.call.note')}</h3>
      {call.note ? (
        <blockquote className="note" data-testid="call-note">
          {call.note}
        </blockquote>
      ) : (
        <p className="muted">{t('review.call.noNote')}</p>
      )}
    </section>
  );
}

/** The citizen's own word on the call, and the follow-ups the call has. */
export function CallAftermath({ review }: { review: ReviewView }) {
  const { t } = useTranslation('quality');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const { feedback, followUps } = review;
  return (
    <section className="panel" aria-labelledby="aftermath-heading">
      <h2 id="aftermath-heading">{t('review.feedback.heading')}</h2>
      {feedback ? (
        <div data-testid="citizen-feedback">
          <p>
            <strong>{feedback.score === null ? t('review.feedback.noScore') : t('review.feedback.score', { score: feedback.score })}</strong> · {dateTime(feedback.receivedAt, locale)}
          </p>
          {feedback.comment && <blockquote className="note">{feedback.comment}</blockquote>}
          {feedback.commentPurged && <p className="muted">{t('review.feedback.purged')}</p>}
        </div>
      ) : (
        <p className="muted">{t('review.feedback.none')}</p>
      )}
      <h2>{t('review.followUps.heading')}</h2>
      {followUps.length === 0 ? (
        <p className="muted">{t('review.followUps.none')}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="call-follow-ups">
            <thead>
              <tr>
                <th scope="col">{t('review.followUps.kind')}</th>
                <th scope="col">{t('review.followUps.cause')}</th>
                <th scope="col">{t('review.followUps.status')}</th>
                <th scope="col">{t('review.followUps.due')}</th>
                <th scope="col">{t('review.followUps.owner')}</th>
                <th scope="col">{t('review.followUps.result')}</th>
              </tr>
            </thead>
            <tbody>
              {followUps.map((f) => (
                <tr key={f.id}>
                  <th scope="row">{common(`followUpKinds.${f.kind}`)}</th>
                  <td>{common(`followUpCauses.${f.cause}`)}</td>
                  <td>{common(`followUpStatuses.${f.status}`)}</td>
                  <td>{dateTime(f.dueAt, locale)}</td>
                  <td>{f.ownerUsername ?? '–'}</td>
                  <td>{f.result ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
