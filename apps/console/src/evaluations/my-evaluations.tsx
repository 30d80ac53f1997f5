import { NOT_APPLICABLE, type AgentEvaluationView } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';
import { useLocale } from '../i18n/locale';
import { dateTime } from '../quality/figures-format';
import { useTopics } from '../shared/use-topics';
import { formatScore, useText } from './use-text';

const LIST = ['agent', 'evaluations'];

/** As EVALUATION_COMMENT_MAX in libs/domain. */
const COMMENT_MAX = 2000;

/** The agent's evaluations of their own calls: the score, each criterion's answer, the feedback, and acknowledging each once. */
export function MyEvaluations() {
  const { t } = useTranslation('evaluations');
  const list = useQuery({ queryKey: LIST, queryFn: () => api<AgentEvaluationView[]>('/api/agents/me/evaluations?limit=20') });
  return (
    <section className="panel my-evaluations" aria-labelledby="my-evaluations-heading">
      <h2 id="my-evaluations-heading">{t('agent.heading')}</h2>
      {list.error && <p role="alert">{t('errors.load', { message: errorMessage(list.error) })}</p>}
      {list.data?.length === 0 && <p className="muted">{t('agent.none')}</p>}
      <ul className="evaluation-list">
        {list.data?.map((evaluation) => (
          <MyEvaluation key={evaluation.id} evaluation={evaluation} />
        ))}
      </ul>
    </section>
  );
}

function MyEvaluation({ evaluation }: { evaluation: AgentEvaluationView }) {
  const { t } = useTranslation('evaluations');
  const locale = useLocale();
  const text = useText();
  const { nameOf } = useTopics();
  const queries = useQueryClient();
  const [comment, setComment] = useState('');
  const acknowledge = useMutation({
    mutationFn: () => api<AgentEvaluationView>(`/api/evaluations/${evaluation.id}/acknowledge`, { method: 'POST', body: comment.trim() ? { comment: comment.trim() } : {} }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: LIST }),
  });
  const field = `acknowledge-${evaluation.id}`;
  return (
    <li data-evaluation-id={evaluation.id}>
      <p>
        <strong data-testid="my-evaluation-score">{t('percent', { score: formatScore(evaluation.score, locale) })}</strong> ·{' '}
        {t('agent.call', { topic: nameOf(evaluation.topicKey), time: dateTime(evaluation.submittedAt, locale) })}
      </p>
      <details>
        <summary>{t('agent.details')}</summary>
        <table>
          <tbody>
            {evaluation.form.criteria.map((criterion) => {
              const value = evaluation.scores[criterion.key];
              return (
                <tr key={criterion.key}>
                  <th scope="row">{text(criterion.label)}</th>
                  <td className="number">
                    {value === NOT_APPLICABLE || value === undefined ? t('scale.na') : criterion.scale === 'pass_fail' ? (value === 1 ? t('scale.pass') : t('scale.fail')) : `${value} / 4`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
      {evaluation.comment && (
        <>
          <h3 className="small">{t('agent.feedback')}</h3>
          <blockquote className="note">{evaluation.comment}</blockquote>
        </>
      )}
      {evaluation.acknowledgedAt ? (
        <p className="muted small" data-testid="acknowledged">
          {t('agent.acknowledged', { time: dateTime(evaluation.acknowledgedAt, locale) })}
        </p>
      ) : (
        <div>
          <label htmlFor={field}>{t('agent.acknowledgeComment')}</label>
          <textarea id={field} rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(event) => setComment(event.target.value)} />
          <button type="button" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
            {t('agent.acknowledge')}
          </button>
          <p role="alert" className="form-error">
            {acknowledge.error ? t('errors.save', { message: errorMessage(acknowledge.error) }) : null}
          </p>
        </div>
      )}
    </li>
  );
}
