import { SkillKind, type SkillView } from '@fc/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ApiProblem } from './api-problem';
import { useAdminSkills, useNames, useRefresh } from './use-admin-data';

const KINDS = Object.values(SkillKind);

/** The skills by kind (topic, language, general), and a form to add one. */
export function SkillsPanel() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const skills = useAdminSkills();
  const name = useNames();
  const refresh = useRefresh();
  const [kind, setKind] = useState<SkillKind>(SkillKind.Language);
  const [key, setKey] = useState('');
  const [nameNb, setNameNb] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const problem = useRef<HTMLDivElement>(null);
  const addSkill = useMutation({
    mutationFn: () => api<SkillView>('/api/admin/skills', { method: 'POST', body: { key: key.trim(), kind, nameNb, nameEn } }),
    onSuccess: (added) => {
      refresh('skills', 'agents');
      setNotice(t('skills.added', { name: `${name(added)} (${added.key})` }));
      setKey('');
      setNameNb('');
      setNameEn('');
    },
    onError: () => requestAnimationFrame(() => problem.current?.focus()),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    addSkill.mutate();
  };

  return (
    <section className="panel" aria-labelledby="skills-heading">
      <h2 id="skills-heading" tabIndex={-1}>
        {t('skills.heading')}
      </h2>
      <p className="muted">{t('skills.intro')}</p>
      {skills.error ? (
        <ApiProblem error={skills.error} />
      ) : !skills.data ? (
        <p>{common('loading')}</p>
      ) : (
        <div className="grid">
          {KINDS.map((group) => {
            const inGroup = skills.data.filter((skill) => skill.kind === group);
            return (
              <div key={group} className="table-scroll">
                <table data-testid={`skills-${group}`}>
                  <caption>
                    {t(`skills.kinds.${group}`)} <span className="muted small">({t('skills.count', { count: inGroup.length })})</span>
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('skills.key')}</th>
                      <th scope="col">{t('skills.nameNb')}</th>
                      <th scope="col">{t('skills.nameEn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inGroup.map((skill) => (
                      <tr key={skill.key} data-skill={skill.key}>
                        <th scope="row">
                          <code>{skill.key}</code>
                        </th>
                        <td lang="nb">{skill.nameNb}</td>
                        <td lang="en">{skill.nameEn}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
        </div>
      )}

      <form onSubmit={submit} noValidate className="add-skill" data-testid="skill-form">
        <fieldset>
          <legend>{t('skills.add')}</legend>
          <div className="field-row">
            <div>
              <label htmlFor="skill-kind">{t('skills.kind')}</label>
              <select id="skill-kind" value={kind} onChange={(e) => setKind(e.target.value as SkillKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`skills.kindOptions.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="skill-key">{t('skills.key')}</label>
              <input
                id="skill-key"
                value={key}
                onChange={(e) => setKey(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby="skill-key-help"
                placeholder={kind === SkillKind.Language ? 'lang:fi' : ''}
              />
            </div>
            <div>
              <label htmlFor="skill-name-nb">{t('skills.nameNb')}</label>
              <input id="skill-name-nb" lang="nb" value={nameNb} onChange={(e) => setNameNb(e.target.value)} />
            </div>
            <div>
              <label htmlFor="skill-name-en">{t('skills.nameEn')}</label>
              <input id="skill-name-en" lang="en" value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
            </div>
          </div>
          <p id="skill-key-help" className="muted small">
            {t('skills.intro')}
          </p>
          <ApiProblem error={addSkill.error} ref={problem} />
          <div className="row">
            <button type="submit" className="primary" disabled={addSkill.isPending}>
              {t('skills.addButton')}
            </button>
            <span className="muted small">{t('nextRound')}</span>
          </div>
          <p role="status" className="notice-ok">
            {notice}
          </p>
        </fieldset>
      </form>
    </section>
  );
}
