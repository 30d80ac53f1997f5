import type { Role } from '@fc/contracts';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell, canOpen } from './layout/app-shell';
import { LoginPage } from './login/login-page';
import { HOME_OF, useSession } from './session/session';

// Each role loads only its own view: an agent's workspace does not wait for the supervisor's charts.
const AgentWorkspace = lazy(async () => ({ default: (await import('./agent/agent-workspace')).AgentWorkspace }));
const SupervisorWall = lazy(async () => ({ default: (await import('./supervisor/supervisor-wall')).SupervisorWall }));
const QualityView = lazy(async () => ({ default: (await import('./quality/quality-view')).QualityView }));
const ActionsView = lazy(async () => ({ default: (await import('./quality/actions-view')).ActionsView }));
const AdminView = lazy(async () => ({ default: (await import('./admin/admin-view')).AdminView }));

type View = 'agent' | 'supervisor' | 'quality' | 'admin' | 'actions';

function Guarded({ view, children }: { view: View; children: ReactNode }) {
  const { user } = useSession();
  const { t } = useTranslation();
  if (!user) return <Navigate to="/login" replace />;
  return (
    <AppShell>
      <Suspense fallback={<p>{t('loading')}</p>}>{canOpen(user.role as Role, view) ? children : <p className="notice">{t('forbidden')}</p>}</Suspense>
    </AppShell>
  );
}

export function App() {
  const { user } = useSession();
  return (
    <Routes>
      <Route path="/login" element={user ? <Navigate to={HOME_OF[user.role]} replace /> : <LoginPage />} />
      <Route
        path="/agent"
        element={
          <Guarded view="agent">
            <AgentWorkspace />
          </Guarded>
        }
      />
      <Route
        path="/supervisor"
        element={
          <Guarded view="supervisor">
            <SupervisorWall />
          </Guarded>
        }
      />
      <Route
        path="/quality/*"
        element={
          <Guarded view="quality">
            <QualityView />
          </Guarded>
        }
      />
      <Route
        path="/actions/*"
        element={
          <Guarded view="actions">
            <ActionsView />
          </Guarded>
        }
      />
      <Route
        path="/admin"
        element={
          <Guarded view="admin">
            <AdminView />
          </Guarded>
        }
      />
      <Route path="*" element={<Navigate to={user ? HOME_OF[user.role] : '/login'} replace />} />
    </Routes>
  );
}
