import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/api-client';
import { LanguageSwitch } from '../layout/app-shell';
import { HOME_OF, useSession } from '../session/session';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      void navigate(HOME_OF[user.role], { replace: true });
    } catch (caught) {
      setError(loginProblem(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <LanguageSwitch />
        <h1>{t('product')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t('login.title')}</h2>
          <label htmlFor="username">{t('login.username')}</label>
          <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
          <label htmlFor="password">{t('login.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="submit" className="primary" disabled={busy || !username || !password}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}

/** What the sign-in form says about a refusal: wrong credentials, slowed guessing (with the wait), or a service problem. */
function loginProblem(caught: unknown, t: TFunction): string {
  if (!(caught instanceof ApiError)) return t('login.unavailable');
  if (caught.status === 401 || caught.status === 400) return t('login.failed');
  if (caught.status === 429) return t('login.throttled', { count: Math.max(1, Math.ceil((caught.retryAfterSec ?? 60) / 60)) });
  return t('login.unavailable');
}
