import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import * as admin from './admin/admin-messages';
import * as agent from './agent/agent-messages';
import { App } from './app';
import * as evaluations from './evaluations/evaluations-messages';
import { setUpI18n } from './i18n/i18n';
import * as quality from './quality/quality-messages';
import { SessionProvider } from './session/session';
import * as supervisor from './supervisor/supervisor-messages';
import './styles/app.css';

await setUpI18n({ agent, supervisor, quality, admin, evaluations });

// Live data arrives over the sockets; REST reads are refreshed when a view asks, not by polling.
const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: true } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
