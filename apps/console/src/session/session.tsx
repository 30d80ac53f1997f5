import { Role, type LoginResponse, type SessionUser } from '@fc/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, configureApi } from '../api/api-client';

interface Session {
  user: SessionUser | null;
  token: string | null;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);
// Per tab, so a supervisor's wall and an agent's workspace can run side by side in one browser.
const STORAGE_KEY = 'fc.session';

function stored(): LoginResponse | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as LoginResponse) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<LoginResponse | null>(stored);
  configureApi({ token: session?.accessToken ?? null });

  const logout = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);

  useEffect(() => {
    configureApi({ token: session?.accessToken ?? null, onUnauthorized: logout });
  }, [session, logout]);

  const login = useCallback(async (username: string, password: string) => {
    configureApi({ token: null });
    const response = await api<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } });
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(response));
    setSession(response);
    return response.user;
  }, []);

  const value = useMemo<Session>(() => ({ user: session?.user ?? null, token: session?.accessToken ?? null, login, logout }), [session, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Where each role starts. */
export const HOME_OF: Record<Role, string> = {
  [Role.Agent]: '/agent',
  [Role.Supervisor]: '/supervisor',
  [Role.Quality]: '/quality',
  [Role.Admin]: '/admin',
};
