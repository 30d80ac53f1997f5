import type { AgentSkillsAdminView, SkillView, TopicAdminView, UserAdminView } from '@fc/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';

/** The admin api's lists, each read once and refreshed after a change here (nobody else edits them often). */
export const ADMIN_KEYS = {
  topics: ['admin', 'topics'],
  skills: ['admin', 'skills'],
  users: ['admin', 'users'],
  agents: ['admin', 'agents'],
} as const;

export const useAdminTopics = () => useQuery({ queryKey: ADMIN_KEYS.topics, queryFn: () => api<TopicAdminView[]>('/api/admin/topics') });
export const useAdminSkills = () => useQuery({ queryKey: ADMIN_KEYS.skills, queryFn: () => api<SkillView[]>('/api/admin/skills') });
export const useAdminUsers = () => useQuery({ queryKey: ADMIN_KEYS.users, queryFn: () => api<UserAdminView[]>('/api/admin/users') });
export const useAdminAgents = () => useQuery({ queryKey: ADMIN_KEYS.agents, queryFn: () => api<AgentSkillsAdminView[]>('/api/admin/agents') });

/** Marks admin lists stale after a change; the topics everyone reads (`/api/topics`, `/api/skills`) too. */
export function useRefresh() {
  const queries = useQueryClient();
  return (...keys: (keyof typeof ADMIN_KEYS)[]) => {
    for (const key of keys) void queries.invalidateQueries({ queryKey: ADMIN_KEYS[key] });
    if (keys.includes('topics')) void queries.invalidateQueries({ queryKey: ['topics'] });
    if (keys.includes('skills')) void queries.invalidateQueries({ queryKey: ['skills'] });
  };
}

/** A name in the interface language. */
export function useNames() {
  const { i18n } = useTranslation();
  return (named: { nameNb: string; nameEn: string }) => (i18n.language === 'en' ? named.nameEn : named.nameNb);
}
