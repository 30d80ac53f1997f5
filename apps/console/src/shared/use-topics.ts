import type { TopicView } from '@fc/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';

/** The topics, and a function giving a topic's name in the current language (its key while loading). */
export function useTopics() {
  const { i18n } = useTranslation();
  const query = useQuery({ queryKey: ['topics'], queryFn: () => api<TopicView[]>('/api/topics'), staleTime: 5 * 60_000 });
  const byKey = new Map((query.data ?? []).map((t) => [t.key, t]));
  const nameOf = (key: string) => {
    const topic = byKey.get(key);
    return topic ? (i18n.language === 'en' ? topic.nameEn : topic.nameNb) : key;
  };
  return { topics: query.data ?? [], byKey, nameOf, isLoading: query.isLoading };
}
