import { REVIEW_STATUSES, ReviewStatus, type ReviewView, type UpdateReviewRequest } from '@fc/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/api-client';
import { useSession } from '../session/session';
import { useRootCauses } from './use-root-causes';

/** As REVIEW_TEXT_MAX in libs/domain: the api refuses longer texts. */
const TEXT_MAX = 2000;

/** Whether the api lets a review move from one status to another: one step forward, or open straight to done by taking it. */
const reachable = (from: ReviewStatus, to: ReviewStatus) => from === to || (from === ReviewStatus.Open && to !== ReviewStatus.Open) || (from === ReviewStatus.InProgress && to === ReviewStatus.Done);

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((key) => b.includes(key));

/**
 * The quality lead's findings: status, root causes from the taxonomy, feedback to the agent and a
 * learning (optionally shared). Saves only what changed, with PATCH; says plainly what the api refused.
 */
export function ReviewForm({ review }: { review: ReviewView }) {
  const { t } = useTranslation('quality');
  const { user } = useSession();
  const queries = useQueryClient();
  const { active, nameOf } = useRootCauses();
  const [status, setStatus] = useState<ReviewStatus>(review.status);
  const [rootCauses, setRootCauses] = useState<string[]>(review.rootCauses);
  const [agentFeedback, setAgentFeedback] = useState(review.agentFeedback ?? '');
  const [learning, setLearning] = useState(review.learning ?? '');
  const [learningShared, setLearningShared] = useState(review.learningShared);
  // What the form itself finds wrong before sending; the api's refusal is the mutation's error.
  const [invalid, setInvalid] = useState<string | null>(null);
  const done = review.status === ReviewStatus.Done;
  const mine = review.reviewer?.userId === user?.id;
  // Causes on the review that the taxonomy has retired since: shown, kept, not offered to others.
  const retired = review.rootCauses.filter((key) => !active.some((cause) => cause.key === key));

  // Someone else changed the review (or a refused save re-read it): follow its status, and once it
  // is done its locked findings too; the texts being written here stay.
  useEffect(() => {
    setStatus(review.status);
    if (review.status === ReviewStatus.Done) {
      setRootCauses(review.rootCauses);
      setAgentFeedback(review.agentFeedback ?? '');
    }
  }, [review.updatedAt, review.status, review.rootCauses, review.agentFeedback]);

  const reset = (view: ReviewView) => {
    setStatus(view.status);
    setRootCauses(view.rootCauses);
    setAgentFeedback(view.agentFeedback ?? '');
    setLearning(view.learning ?? '');
    setLearningShared(view.learningShared);
  };

  /** PATCHes the change; after a save of the form the form shows the review as saved, after taking it the texts being written stay. */
  const save = useMutation({
    mutationFn: ({ change }: { change: UpdateReviewRequest; keepTexts?: boolean }) => api<ReviewView>(`/api/reviews/${review.id}`, { method: 'PATCH', body: change }),
    onSuccess: (view, { keepTexts = false }) => {
      queries.setQueryData(['review', review.id], view);
      void queries.invalidateQueries({ queryKey: ['reviews'] });
      void queries.invalidateQueries({ queryKey: ['insights'] });
      if (!keepTexts) reset(view);
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) void queries.invalidateQueries({ queryKey: ['review', review.id] });
    },
  });
  const send = (change: UpdateReviewRequest, { keepTexts = false } = {}) => {
    setInvalid(null);
    save.mutate({ change, keepTexts });
  };
  const refuse = (reason: string) => {
    // A save still under way keeps its outcome; otherwise the last one's is replaced by this.
    if (!save.isPending) save.reset();
    setInvalid(reason);
  };

  const explain = (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('review.errors.other', { message: String(error) });
    switch (error.status) {
      case 400:
        return t('review.errors.badRequest', { message: error.message });
      case 403:
        return t('review.errors.forbidden');
      case 404:
        return t('review.errors.notFound');
      case 409:
        return t('review.errors.conflict', { message: error.message });
      default:
        return t('review.errors.other', { message: error.message });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change: UpdateReviewRequest = {};
    if (!done && !sameSet(rootCauses, review.rootCauses)) change.rootCauses = rootCauses;
    if (!done && agentFeedback.trim() !== (review.agentFeedback ?? '')) change.agentFeedback = agentFeedback.trim() || null;
    if (learning.trim() !== (review.learning ?? '')) change.learning = learning.trim() || null;
    if (learningShared !== review.learningShared) change.learningShared = learningShared;
    if (status !== review.status) {
      change.status = status;
      // Straight from open to done: taking it starts it, and the api judges done from there.
      if (review.status === ReviewStatus.Open && status === ReviewStatus.Done) change.take = true;
    }
    if (Object.keys(change).length === 0) return refuse(t('review.errors.nothing'));
    if (status === ReviewStatus.Done && !done && rootCauses.length === 0) return refuse(t('review.errors.needsRootCause'));
    if (learningShared && !learning.trim()) return refuse(t('review.errors.shareNeedsLearning'));
    send(change);
  };

  const toggle = (key: string, on: boolean) => setRootCauses((current) => (on ? [...current.filter((k) => k !== key), key] : current.filter((k) => k !== key)));

  return (
    <section className="panel review-form" aria-labelledby="form-heading">
      <h2 id="form-heading">{t('review.form.heading')}</h2>
      <div className="row spread">
        <p data-testid="reviewer">{review.reviewer ? t('review.form.reviewer', { name: review.reviewer.displayName }) : t('review.form.noReviewer')}</p>
        {!done && !mine && (
          <button type="button" disabled={save.isPending} onClick={() => send({ take: true }, { keepTexts: true })}>
            {t('review.form.take')}
          </button>
        )}
      </div>
      {done && <p className="guidance">{t('review.form.final')}</p>}
      <form
        onSubmit={submit}
        noValidate
        onKeyDown={(event) => {
          // Ctrl+Enter (⌘+Enter) saves from anywhere in the form, the text fields included.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.requestSubmit();
          }
        }}
      >
        {done ? (
          // Final: the findings are read, not edited; only the learning below may still change.
          <>
            <h3>{t('review.form.rootCauses')}</h3>
            <ul data-testid="tagged-root-causes">
              {review.rootCauses.map((key) => (
                <li key={key}>{nameOf(key)}</li>
              ))}
            </ul>
            <h3>{t('review.form.agentFeedback')}</h3>
            {review.agentFeedback ? (
              <blockquote className="note" data-testid="given-feedback">
                {review.agentFeedback}
              </blockquote>
            ) : (
              <p className="muted">–</p>
            )}
          </>
        ) : (
          <>
            <fieldset>
              <legend>{t('review.form.status')}</legend>
              <div className="row">
                {REVIEW_STATUSES.map((option) => {
                  const possible = reachable(review.status, option);
                  return (
                    <label key={option} className="choice">
                      <input type="radio" name="review-status" value={option} checked={status === option} disabled={!possible} onChange={() => setStatus(option)} /> {t(`reviewStatuses.${option}`)}
                      {!possible && <span className="visually-hidden"> {t('review.form.unreachable')}</span>}
                    </label>
                  );
                })}
              </div>
            </fieldset>
            <fieldset data-testid="root-causes">
              <legend>{t('review.form.rootCauses')}</legend>
              <div className="choices">
                {retired.map((key) => (
                  <label key={key} className="choice">
                    <input type="checkbox" checked={rootCauses.includes(key)} onChange={(e) => toggle(key, e.target.checked)} /> {t('review.form.retired', { name: nameOf(key) })}
                  </label>
                ))}
                {active.map((cause) => (
                  <label key={cause.key} className="choice">
                    <input type="checkbox" value={cause.key} checked={rootCauses.includes(cause.key)} onChange={(e) => toggle(cause.key, e.target.checked)} /> {nameOf(cause.key)}
                  </label>
                ))}
              </div>
            </fieldset>
            <label htmlFor="agent-feedback">{t('review.form.agentFeedback')}</label>
            <textarea id="agent-feedback" rows={4} maxLength={TEXT_MAX} value={agentFeedback} onChange={(e) => setAgentFeedback(e.target.value)} aria-describedby="agent-feedback-help" />
            <p id="agent-feedback-help" className="muted small">
              {t('review.form.agentFeedbackHelp')} {t('review.form.characters', { count: agentFeedback.length, max: TEXT_MAX })}
            </p>
          </>
        )}
        <label htmlFor="learning">{t('review.form.learning')}</label>
        <textarea id="learning" rows={4} maxLength={TEXT_MAX} value={learning} onChange={(e) => setLearning(e.target.value)} aria-describedby="learning-help" />
        <p id="learning-help" className="muted small">
          {t('review.form.learningHelp')} {t('review.form.characters', { count: learning.length, max: TEXT_MAX })}
        </p>
        <label className="choice">
          <input type="checkbox" checked={learningShared} onChange={(e) => setLearningShared(e.target.checked)} /> {t('review.form.share')}
        </label>
        <div role="alert" className="form-error" data-testid="review-problem">
          {invalid ?? (save.error ? explain(save.error) : null)}
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('review.form.saving') : t('review.form.save')}
          </button>
          <span className="muted small">{t('review.form.shortcut')}</span>
          <span role="status" className="muted" data-testid="review-saved">
            {save.isSuccess ? t('review.form.saved') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
