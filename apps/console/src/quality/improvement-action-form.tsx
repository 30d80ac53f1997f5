import {
  IMPROVEMENT_ACTION_KINDS,
  IMPROVEMENT_ACTION_TITLE_MAX,
  ImprovementActionOrigin,
  INSIGHT_INTERVALS,
  type CreateImprovementActionRequest,
  type FollowUpAssigneeView,
  type ImprovementActionDetail,
  type ImprovementActionKind,
  type InsightInterval,
} from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { useTopics } from '../shared/use-topics';
import { localDay } from './period';
import { usePageHeading } from './use-page-heading';
import { useRootCauses } from './use-root-causes';

/** Where the form was opened from, as the link that opened it says: `/quality/actions/new?origin=…`. */
export interface ActionOriginLink {
  origin: 'insight' | 'review';
  topicKeys: string[];
  rootCauseKeys: string[];
  reviewId?: string;
  from?: string;
  to?: string;
  interval?: InsightInterval;
}

/** The form's address for an origin: the insights and the review page link to it prefilled. */
export function newActionPath(link: ActionOriginLink): string {
  const search = new URLSearchParams({ origin: link.origin });
  for (const key of link.topicKeys) search.append('topicKey', key);
  for (const key of link.rootCauseKeys) search.append('rootCause', key);
  if (link.reviewId) search.set('reviewId', link.reviewId);
  if (link.from) search.set('from', link.from);
  if (link.to) search.set('to', link.to);
  if (link.interval) search.set('interval', link.interval);
  return `/quality/actions/new?${search.toString()}`;
}

/** Due by default four weeks out: time to plan and carry out a change. */
const DEFAULT_DUE_DAYS = 28;

/** Opens an improvement action, prefilled from the insight row or the review it was opened from. */
export function ImprovementActionForm() {
  const { t } = useTranslation('improvement');
  const { t: common } = useTranslation();
  const locale = useLocale();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const heading = usePageHeading('improvement-action-new');
  const { topics, nameOf } = useTopics();
  const { active, nameOf: causeName } = useRootCauses();
  const assignees = useQuery({ queryKey: ['follow-up-assignees'], queryFn: () => api<FollowUpAssigneeView[]>('/api/follow-ups/assignees'), staleTime: 60_000 });

  const origin = search.get('origin') === 'review' ? ImprovementActionOrigin.Review : ImprovementActionOrigin.Insight;
  const reviewId = search.get('reviewId') ?? undefined;
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const intervalParam = search.get('interval');
  const interval = INSIGHT_INTERVALS.find((value) => value === intervalParam);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<ImprovementActionKind>('training');
  const [ownerUserId, setOwnerUserId] = useState('');
  const [due, setDue] = useState(() => localDay(new Date(Date.now() + DEFAULT_DUE_DAYS * 86_400_000)));
  const [topicKeys, setTopicKeys] = useState<string[]>(() => search.getAll('topicKey'));
  const [rootCauseKeys, setRootCauseKeys] = useState<string[]>(() => search.getAll('rootCause'));
  const [isPublic, setPublic] = useState(false);
  const [summaryNb, setSummaryNb] = useState('');
  const [summaryEn, setSummaryEn] = useState('');
  const [missing, setMissing] = useState(false);

  const create = useMutation({
    mutationFn: (body: CreateImprovementActionRequest) => api<ImprovementActionDetail>('/api/improvement-actions', { method: 'POST', body }),
    onSuccess: (view) => {
      queries.setQueryData(['improvement-action', view.id], view);
      void queries.invalidateQueries({ queryKey: ['improvement-actions'] });
      void navigate(`/quality/actions/${view.id}`);
    },
  });
  const toggle = (list: string[], set: (next: string[]) => void, key: string, on: boolean) => set(on ? [...list, key] : list.filter((k) => k !== key));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || !description.trim() || !due || (topicKeys.length === 0 && rootCauseKeys.length === 0)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    create.mutate({
      title,
      description,
      kind,
      // The end of the chosen day's working hours, in the browser's time zone.
      dueAt: new Date(`${due}T16:00:00`).toISOString(),
      ownerUserId: ownerUserId || null,
      origin,
      ...(origin === ImprovementActionOrigin.Review ? { originReviewId: reviewId } : { originInsight: { from, to, ...(interval ? { interval } : {}), topicKey: null } }),
      topicKeys,
      rootCauseKeys,
      public: isPublic,
      ...(isPublic ? { publicSummaryNb: summaryNb, publicSummaryEn: summaryEn } : {}),
    });
  };
  // Root causes offered: the active ones, and any the link named that the taxonomy has retired since.
  const causeKeys = [...new Set([...active.map((cause) => cause.key), ...search.getAll('rootCause')])];
  const day = (iso: string) => (iso ? new Date(iso).toLocaleDateString(locale) : '–');

  return (
    <div className="improvement-action-form">
      <h1 ref={heading} tabIndex={-1}>
        {t('form.heading')}
      </h1>
      <p className="muted" data-testid="action-origin">
        {origin === ImprovementActionOrigin.Review
          ? t('form.fromReview')
          : t('form.fromInsight', { topic: topicKeys.map(nameOf).join(', '), cause: rootCauseKeys.map(causeName).join(', '), from: day(from), to: day(to) })}
      </p>
      <form className="panel" onSubmit={submit} noValidate>
        <label htmlFor="new-action-title">{t('form.title')}</label>
        <input id="new-action-title" value={title} maxLength={IMPROVEMENT_ACTION_TITLE_MAX} onChange={(e) => setTitle(e.target.value)} required />
        <label htmlFor="new-action-description">{t('form.description')}</label>
        <textarea id="new-action-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} required />
        <div className="field-row">
          <div>
            <label htmlFor="new-action-kind">{t('form.kind')}</label>
            <select id="new-action-kind" value={kind} onChange={(e) => setKind(e.target.value as ImprovementActionKind)}>
              {IMPROVEMENT_ACTION_KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(`kinds.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="new-action-owner">{t('form.owner')}</label>
            <select id="new-action-owner" value={ownerUserId} onChange={(e) => setOwnerUserId(e.target.value)}>
              <option value="">{t('form.nobody')}</option>
              {(assignees.data ?? [])
                .filter((user) => user.role !== 'agent')
                .map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.displayName}
                  </option>
                ))}
            </select>
          </div>
          <div>
            <label htmlFor="new-action-due">{t('form.due')}</label>
            <input id="new-action-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} required />
          </div>
        </div>
        <p id="targets-help" className="muted small">
          {t('form.targetsHelp')}
        </p>
        <fieldset data-testid="action-topics" aria-describedby="targets-help">
          <legend>{t('form.topics')}</legend>
          {topics.map((topic) => (
            <label key={topic.key} className="choice">
              <input type="checkbox" value={topic.key} checked={topicKeys.includes(topic.key)} onChange={(e) => toggle(topicKeys, setTopicKeys, topic.key, e.target.checked)} /> {nameOf(topic.key)}
            </label>
          ))}
        </fieldset>
        <fieldset data-testid="action-root-causes" aria-describedby="targets-help">
          <legend>{t('form.rootCauses')}</legend>
          {causeKeys.map((key) => (
            <label key={key} className="choice">
              <input type="checkbox" value={key} checked={rootCauseKeys.includes(key)} onChange={(e) => toggle(rootCauseKeys, setRootCauseKeys, key, e.target.checked)} /> {causeName(key)}
            </label>
          ))}
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> {t('form.public')}
        </label>
        {isPublic && (
          <>
            <p id="public-help" className="muted small">
              {t('form.publicHelp')}
            </p>
            <label htmlFor="new-action-public-nb">{t('form.publicSummaryNb')}</label>
            <textarea id="new-action-public-nb" rows={2} value={summaryNb} onChange={(e) => setSummaryNb(e.target.value)} aria-describedby="public-help" />
            <label htmlFor="new-action-public-en">{t('form.publicSummaryEn')}</label>
            <textarea id="new-action-public-en" rows={2} value={summaryEn} onChange={(e) => setSummaryEn(e.target.value)} aria-describedby="public-help" />
          </>
        )}
        <p role="alert" className="form-error">
          {missing ? t('form.missing') : create.error ? common('error', { message: errorMessage(create.error) }) : ''}
        </p>
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('form.submit')}
          </button>
          <Link to="/quality/actions">{t('form.cancel')}</Link>
        </div>
      </form>
    </div>
  );
}
