import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FormsEditor } from '../evaluations/forms-editor';
import { SkillMatrix } from './skill-matrix';
import { SkillsPanel } from './skills-panel';
import { TopicsPanel } from './topics-panel';
import { UsersPanel } from './users-panel';

const SECTIONS = ['topics', 'skills', 'users', 'matrix', 'forms'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The administrator's view: topics (with their escalation and strategy), skills, users and the
 * agents' skill matrix, one part at a time; the part is in the address (`?section=`), so it can be
 * bookmarked and the browser's back button works.
 */
export function AdminView() {
  const { t } = useTranslation('admin');
  const [params] = useSearchParams();
  const asked = params.get('section');
  const section: Section = SECTIONS.includes(asked as Section) ? (asked as Section) : 'topics';
  const content = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  // Moving to another part puts the focus on its heading, as a page change would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    content.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [section]);

  return (
    <div className="admin-view">
      <h1>{t('title')}</h1>
      <nav aria-label={t('sections.label')} className="section-nav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <Link to={`/admin?section=${s}`} aria-current={s === section ? 'page' : undefined}>
                {t(`sections.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div ref={content} data-section={section}>
        {section === 'topics' && <TopicsPanel />}
        {section === 'skills' && <SkillsPanel />}
        {section === 'users' && <UsersPanel />}
        {section === 'matrix' && <SkillMatrix />}
        {section === 'forms' && <FormsEditor />}
      </div>
    </div>
  );
}
