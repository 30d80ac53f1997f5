import type { SoftphoneSettingsView } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/api-client';
import { Softphone, type SoftphoneSnapshot } from './softphone';

const NONE: SoftphoneSnapshot = { status: 'connecting', ringingCallId: null, talkingCallId: null, muted: false };
const noSubscription = () => () => undefined;

/**
 * The agent's softphone while their workspace is open, when the api names a voice edge for it
 * (204 from `/api/agents/me/softphone`: none, and the console is as without one). Registered on
 * sign-in, unregistered and stopped when the workspace goes (sign-out).
 */
export function useSoftphone(): { phone: Softphone | null; state: SoftphoneSnapshot; sipUri: string | null } {
  const settings = useQuery({
    // Not under ['agent']: the desk re-reads those on every change, and each read issues new SIP
    // credentials, which would restart the phone (and drop a ringing call). Read once per workspace.
    queryKey: ['softphone-settings'],
    queryFn: async () => (await api<SoftphoneSettingsView | undefined>('/api/agents/me/softphone')) ?? null,
    staleTime: Infinity,
  });
  const [phone, setPhone] = useState<Softphone | null>(null);
  const wsUrl = settings.data?.wsUrl;
  const sipUri = settings.data?.sipUri;
  const displayName = settings.data?.displayName;
  const authorizationUser = settings.data?.authorizationUser;
  const password = settings.data?.password;

  useEffect(() => {
    if (!wsUrl || !sipUri) return undefined;
    const next = new Softphone({ wsUrl, sipUri, displayName: displayName ?? '', authorizationUser, password }, () => api('/api/agents/me/softphone/registered', { method: 'POST' }));
    setPhone(next);
    void next.start();
    return () => {
      next.stop();
      setPhone(null);
    };
  }, [wsUrl, sipUri, displayName, authorizationUser, password]);

  const state = useSyncExternalStore(phone?.subscribe ?? noSubscription, phone?.current ?? (() => NONE));
  return { phone, state, sipUri: sipUri ?? null };
}
