import type { TopicAdminView } from '@fc/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from './api-problem';
import { TopicEditor } from './topic-editor';
import { useAdminSkills, useAdminTopics, useNames } from './use-admin-data';

/** The topics with what routing needs of each; opens the editor for one, or for a new one. */
export function TopicsPanel() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const topics = useAdminTopics();
  const skills = useAdminSkills();
  const name = useNames();
  // null: the list; 'new': a new topic; a key: that topic.
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const returnTo = useRef<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  // Back from the editor, the focus returns to the button that opened it.
  useEffect(() => {
    if (editing !== null || !returnTo.current) return;
    const button = document.querySelector<HTMLButtonElement>(`[data-opens="${returnTo.current}"]`);
    (button ?? listHeading.current)?.focus();
    returnTo.current = null;
  }, [editing]);

  const open = (key: string) => {
    returnTo.current = key;
    setNotice(null);
    setEditing(key);
  };

  if (editing !== null) {
    const topic = editing === 'new' ? null : (topics.data ?? []).find((candidate) => candidate.key === editing);
    if (editing !== 'new' && !topic) return <p>{common('loading')}</p>;
    return (
      <TopicEditor
        topic={topic ?? null}
        skills={skills.data ?? []}
        onDone={(message) => {
          setNotice(message);
          setEditing(null);
        }}
      />
    );
  }

  const skillName = (key: string) => {
    const skill = skills.data?.find((candidate) => candidate.key === key);
    return skill ? name(skill) : key;
  };
  return (
    <section className="panel" aria-labelledby="topics-heading">
      <div className="row spread">
        <h2 id="topics-heading" ref={listHeading} tabIndex={-1}>
          {t('topics.heading')}
        </h2>
        <button type="button" className="primary" data-opens="new" onClick={() => open('new')}>
          {t('topics.new')}
        </button>
      </div>
      <p className="muted">{t('topics.intro')}</p>
      <p className="muted small">{t('nextRound')}</p>
      <p role="status" className="notice-ok">
        {notice}
      </p>
      {topics.error ? (
        <ApiProblem error={topics.error} />
      ) : !topics.data ? (
        <p>{common('loading')}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="topics-table">
            <caption className="visually-hidden">{t('topics.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('topics.name')}</th>
                <th scope="col">{t('topics.skill')}</th>
                <th scope="col" className="number">
                  {t('topics.minProficiency')}
                </th>
                <th scope="col" className="number">
                  {t('topics.priority')}
                </th>
                <th scope="col">{t('topics.serviceLevel')}</th>
                <th scope="col">{t('topics.strategy')}</th>
                <th scope="col">{t('topics.steps')}</th>
                <th scope="col">{t('topics.active')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('topics.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {topics.data.map((topic) => (
                <TopicRow key={topic.key} topic={topic} skillName={skillName(topic.skillKey)} onEdit={() => open(topic.key)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TopicRow({ topic, skillName, onEdit }: { topic: TopicAdminView; skillName: string; onEdit: () => void }) {
  const { t } = useTranslation('admin');
  const name = useNames();
  return (
    <tr data-topic={topic.key}>
      <th scope="row">
        {name(topic)} <span className="muted small">({topic.key})</span>
      </th>
      <td>{skillName}</td>
      <td className="number">{topic.minProficiency}</td>
      <td className="number">{topic.priority}</td>
      <td>{t('topics.serviceLevelValue', { pct: topic.serviceLevelTargetPct, sec: topic.serviceLevelThresholdSec })}</td>
      <td data-testid={`strategy-${topic.key}`}>{t(`strategies.${topic.strategy}`)}</td>
      <td>
        <StepsSummary topic={topic} />
      </td>
      <td>{topic.active ? <span className="badge ok">{t('topics.active')}</span> : <span className="badge">{t('topics.inactive')}</span>}</td>
      <td>
        <button type="button" className="small" data-opens={topic.key} aria-label={t('topics.editLabel', { name: name(topic) })} onClick={onEdit}>
          {t('topics.edit')}
        </button>
      </td>
    </tr>
  );
}

/** "0 s ≥4 · 30 s ≥2 · 90 s +generalists · 120 s callback", compact and in the interface language. */
function StepsSummary({ topic }: { topic: TopicAdminView }) {
  const { t } = useTranslation('admin');
  if (topic.escalationSteps.length === 0) return <span className="muted">{t('topics.stepsCount', { count: 0 })}</span>;
  return (
    <ol className="steps-summary" data-testid={`steps-${topic.key}`}>
      {topic.escalationSteps.map((step, index) => (
        <li key={index}>
          {step.afterSec} s{step.minProficiency !== undefined && ` · ≥ ${step.minProficiency}`}
          {step.includeGeneralists && ` · ${t('topicEditor.includeGeneralists').toLowerCase()}`}
          {step.offerCallback && ` · ${t('topicEditor.offerCallback').toLowerCase()}`}
        </li>
      ))}
    </ol>
  );
}
