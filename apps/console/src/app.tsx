import type { Role } from '@fc/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { AgentWorkspace } from './agent/agent-workspace';
import { AppShell, canOpen } from './layout/app-shell';
import { LoginPage } from './login/login-page';
import { HOME_OF, useSession } from './session/session';

function Guarded({ view, children }: { view: 'agent' | 'supervisor' | 'quality' | 'admin'; children: ReactNode }) {
  const { user } = useSession();
  const { t } = useTranslation();
  if (!user) return <Navigate to="/login" replace />;
  return <AppShell>{canOpen(user.role as Role, view) ? children : <p className="notice">{t('forbidden')}</p>}</AppShell>;
}

export function App() {
  const { user } = useSession();
  return (
    <Routes>
      <Route path="/login" element={user ? <Navigate to={HOME_OF[user.role]} replace /> : <LoginPage />} />
      <Route path="/agent" element={<Guarded view="agent"><AgentWorkspace /></Guarded>} />
      <Route path="*" element={<Navigate to={user ? HOME_OF[user.role] : '/login'} replace />} />
    </Routes>
  );
}
