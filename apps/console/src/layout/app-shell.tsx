import { Role } from '@fc/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { LANGUAGES } from '../i18n/i18n';
import { useSession } from '../session/session';

/** Which views each role may open, in menu order. */
const VIEWS_OF: Record<Role, ('agent' | 'supervisor' | 'quality' | 'admin' | 'actions')[]> = {
  [Role.Agent]: ['agent'],
  // Supervisors follow improvement actions up (decision 0038); quality leads have them in their own view.
  [Role.Supervisor]: ['supervisor', 'actions'],
  [Role.Quality]: ['quality'],
  [Role.Admin]: ['admin', 'supervisor', 'actions'],
};

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button key={language} type="button" lang={language} aria-pressed={i18n.language === language} onClick={() => void i18n.changeLanguage(language)}>
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}

/** The frame of every signed-in view: skip link, header with menu, language and sign-out, then the view. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  if (!user) return null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('product')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {VIEWS_OF[user.role].map((view) => (
              <li key={view}>
                <NavLink to={`/${view}`}>{t(`nav.${view}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          <span className="signed-in">{t('signedInAs', { name: user.username, role: t(`roles.${user.role}`) })}</span>
          <button type="button" onClick={logout}>
            {t('logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export const canOpen = (role: Role, view: 'agent' | 'supervisor' | 'quality' | 'admin' | 'actions') => VIEWS_OF[role].includes(view);
