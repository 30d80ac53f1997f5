import { Role, SkillKind, languageSkillKey } from '@fc/contracts';
import { DEFAULT_TOPIC_STRATEGY, DEMO_EVALUATION_FORM, DEMO_LANGUAGES, DEMO_STAFF, DEMO_TOPICS, demoAgents } from '@fc/demo';
import type { DataSource, EntityManager } from 'typeorm';
import { AgentEntity, AgentSkillEntity, EvaluationFormEntity, EvaluationFormVersionEntity, SkillEntity, TopicEntity, UserEntity } from '../entities/index.js';
import { TransactionRunner } from '../transaction-runner.js';

export interface SeedSummary {
  skills: number;
  topics: number;
  agents: number;
  users: number;
}

/**
 * Writes the demo data of DESIGN §8. Idempotent: rerunning it brings the demo rows back to their
 * seeded values (skills, topics, users, agents' skills) and leaves calls and history alone.
 * @param passwordHash one KDF hash of the demo password, shared by the demo accounts.
 */
export async function seedDemoData(dataSource: DataSource, passwordHash: string): Promise<SeedSummary> {
  return new TransactionRunner(dataSource).run(async ({ manager }) => {
    const skillIds = await upsertSkills(manager);
    for (const [index, topic] of DEMO_TOPICS.entries()) {
      await manager.upsert(TopicEntity, { ...topic, skillId: skillIds.get(topic.key)!, strategy: DEFAULT_TOPIC_STRATEGY, sortOrder: index, active: true }, { conflictPaths: ['key'] });
    }
    const agents = demoAgents();
    for (const agent of agents) {
      const user = await upsertUser(manager, agent.username, agent.displayName, Role.Agent, passwordHash);
      await manager.upsert(AgentEntity, { userId: user.id, team: agent.team }, { conflictPaths: ['userId'] });
      const { id: agentId } = await manager.findOneByOrFail(AgentEntity, { userId: user.id });
      await manager.delete(AgentSkillEntity, { agentId });
      await manager.insert(
        AgentSkillEntity,
        Object.entries(agent.skills).map(([key, proficiency]) => ({ agentId, skillId: skillIds.get(key)!, proficiency })),
      );
    }
    for (const staff of DEMO_STAFF) await upsertUser(manager, staff.username, staff.displayName, staff.role, passwordHash);
    await seedEvaluationForm(manager);
    return { skills: skillIds.size, topics: DEMO_TOPICS.length, agents: agents.length, users: agents.length + DEMO_STAFF.length };
  });
}

async function upsertSkills(manager: EntityManager): Promise<Map<string, string>> {
  const rows = [
    ...DEMO_TOPICS.map((t) => ({ key: t.key, kind: SkillKind.Topic, nameNb: t.nameNb, nameEn: t.nameEn })),
    ...DEMO_LANGUAGES.map((l) => ({ key: languageSkillKey(l.code), kind: SkillKind.Language, nameNb: l.nameNb, nameEn: l.nameEn })),
    { key: 'general', kind: SkillKind.General, nameNb: 'Generalist', nameEn: 'Generalist' },
  ];
  await manager.upsert(SkillEntity, rows, { conflictPaths: ['key'] });
  const skills = await manager.find(SkillEntity);
  return new Map(skills.map((s) => [s.key, s.id]));
}

async function upsertUser(manager: EntityManager, username: string, displayName: string, role: Role, passwordHash: string): Promise<UserEntity> {
  await manager.upsert(UserEntity, { username, displayName, role, passwordHash, active: true }, { conflictPaths: ['username'] });
  return manager.findOneByOrFail(UserEntity, { username });
}

/** The default evaluation form, once: after that its versions are the administrators' (a rerun changes nothing). */
async function seedEvaluationForm(manager: EntityManager): Promise<void> {
  if (await manager.existsBy(EvaluationFormEntity, { key: DEMO_EVALUATION_FORM.key })) return;
  const { key, nameNb, nameEn, criteria } = DEMO_EVALUATION_FORM;
  const form = await manager.save(EvaluationFormEntity, manager.create(EvaluationFormEntity, { key, nameNb, nameEn, active: true }));
  await manager.insert(EvaluationFormVersionEntity, { formId: form.id, version: 1, criteria, createdByUserId: null });
}
