import type { RootCauseView } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';

/** The active root causes of the taxonomy, in order, and a root cause's name in the current language. */
export function useRootCauses(extra: readonly RootCauseView[] = []) {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: ['root-causes'], queryFn: () => api<RootCauseView[]>('/api/root-causes'), staleTime: 5 * 60_000 });
  const active = query.data ?? [];
  const byKey = new Map([...extra, ...active].map((cause) => [cause.key, cause]));
  const nameOf = (key: string) => {
    const cause = byKey.get(key);
    return cause ? (i18n.language === 'en' ? cause.nameEn : cause.nameNb) : key;
  };
  return { active, byKey, nameOf, isLoading: query.isLoading };
}
