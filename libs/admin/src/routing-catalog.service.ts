import { AuditAction, AuditService } from '@fc/audit';
import type { AgentSkillsAdminView, EscalationStep, SkillView, TopicAdminView } from '@fc/contracts';
import type { Actor } from '@fc/domain';
import { AgentEntity, AgentSkillEntity, SkillEntity, TopicEntity, TransactionRunner } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AgentEndpoints, AgentNotFoundError } from '@fc/journey';
import { CatalogChangeError, CatalogKeyTakenError, TopicNotFoundError } from './admin-errors.js';
import type { CreateSkillDto } from './dto/create-skill.dto.js';
import type { CreateTopicDto } from './dto/create-topic.dto.js';
import type { AgentSkillDto } from './dto/set-agent-skills.dto.js';
import type { UpdateTopicDto } from './dto/update-topic.dto.js';

/**
 * What routing decides with: topics' requirements, escalation and strategy; skills; agents'
 * skills. Routing reads these every round, so a change takes effect on the next round.
 */
@Injectable()
export class RoutingCatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly endpoints: AgentEndpoints,
  ) {}

  async listTopics(): Promise<TopicAdminView[]> {
    const topics = await this.dataSource.getRepository(TopicEntity).find({ relations: { skill: true }, order: { sortOrder: 'ASC', key: 'ASC' } });
    return topics.map(toTopicView);
  }

  async createTopic(input: CreateTopicDto, actor: Actor): Promise<TopicAdminView> {
    return this.transactions.run(async ({ manager }) => {
      if (await manager.existsBy(TopicEntity, { key: input.key })) throw new CatalogKeyTakenError('topic', input.key);
      const { skillKey, ...fields } = definedFields(input);
      if (fields.escalationSteps) assertIncreasing(fields.escalationSteps);
      const skill = await this.skillOrFail(manager, skillKey!);
      const { max } = (await manager.createQueryBuilder(TopicEntity, 't').select('max(t.sort_order)', 'max').getRawOne<{ max: number | null }>()) ?? { max: null };
      const topic = await manager.save(manager.create(TopicEntity, { ...fields, skillId: skill.id, sortOrder: (max ?? -1) + 1 }));
      await this.audit.record({ actor, action: AuditAction.TopicCreate, entityType: 'topic', entityId: topic.id, data: { key: topic.key } }, manager);
      return this.topicView(manager, topic.id);
    });
  }

  async updateTopic(key: string, input: UpdateTopicDto, actor: Actor): Promise<TopicAdminView> {
    return this.transactions.run(async ({ manager }) => {
      const topic = await manager.findOne(TopicEntity, { where: { key }, lock: { mode: 'pessimistic_write' } });
      if (!topic) throw new TopicNotFoundError(key);
      const given = definedFields(input);
      const { skillKey, ...fields } = given;
      if (fields.escalationSteps) assertIncreasing(fields.escalationSteps);
      const changes: Partial<TopicEntity> = { ...fields };
      if (skillKey !== undefined) changes.skillId = (await this.skillOrFail(manager, skillKey)).id;
      if (Object.keys(changes).length === 0) throw new CatalogChangeError('Nothing to change');
      await manager.update(TopicEntity, { id: topic.id }, changes);
      await this.audit.record({ actor, action: AuditAction.TopicUpdate, entityType: 'topic', entityId: topic.id, data: { key, changed: Object.keys(given) } }, manager);
      return this.topicView(manager, topic.id);
    });
  }

  async listSkills(): Promise<SkillView[]> {
    const skills = await this.dataSource.getRepository(SkillEntity).find({ order: { kind: 'ASC', key: 'ASC' } });
    return skills.map(({ key, kind, nameNb, nameEn }) => ({ key, kind, nameNb, nameEn }));
  }

  async createSkill(input: CreateSkillDto, actor: Actor): Promise<SkillView> {
    if (input.key.startsWith('lang:') !== (input.kind === 'language')) throw new CatalogChangeError('Language skills, and only they, are keyed lang:<code>');
    return this.transactions.run(async ({ manager }) => {
      if (await manager.existsBy(SkillEntity, { key: input.key })) throw new CatalogKeyTakenError('skill', input.key);
      const skill = await manager.save(manager.create(SkillEntity, input));
      await this.audit.record({ actor, action: AuditAction.SkillCreate, entityType: 'skill', entityId: skill.id, data: { key: skill.key } }, manager);
      return { key: skill.key, kind: skill.kind, nameNb: skill.nameNb, nameEn: skill.nameEn };
    });
  }

  async listAgents(): Promise<AgentSkillsAdminView[]> {
    const rows: {
      id: string;
      username: string;
      display_name: string;
      team: string | null;
      endpoint: string | null;
      state: string;
      active: boolean;
      skills: { skillKey: string; proficiency: number }[] | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, u.username, u.display_name, a.team, a.endpoint, a.state, (u.active AND u.role = 'agent') AS active,
                json_agg(json_build_object('skillKey', s.key, 'proficiency', ask.proficiency) ORDER BY s.key) FILTER (WHERE s.key IS NOT NULL) AS skills
           FROM agents a JOIN users u ON u.id = a.user_id
           LEFT JOIN agent_skills ask ON ask.agent_id = a.id LEFT JOIN skills s ON s.id = ask.skill_id
          GROUP BY a.id, u.username, u.display_name, u.active, u.role ORDER BY u.username`,
    );
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, team: r.team, endpoint: r.endpoint, state: r.state, active: r.active, skills: r.skills ?? [] }));
  }

  /** Replaces the agent's skills with `skills`: what is not listed is removed. */
  async setAgentSkills(agentId: string, skills: AgentSkillDto[], actor: Actor): Promise<AgentSkillsAdminView> {
    const keys = skills.map((s) => s.skillKey);
    if (new Set(keys).size !== keys.length) throw new CatalogChangeError('Each skill may be listed once');
    await this.transactions.run(async ({ manager }) => {
      if (!(await manager.existsBy(AgentEntity, { id: agentId }))) throw new AgentNotFoundError();
      const known = await manager.findBy(SkillEntity, { key: In(keys) });
      const unknown = keys.filter((key) => !known.some((s) => s.key === key));
      if (unknown.length > 0) throw new CatalogChangeError(`Unknown skill ${unknown.map((k) => `"${k}"`).join(', ')}`);
      await manager.delete(AgentSkillEntity, { agentId });
      if (skills.length > 0) {
        await manager.insert(
          AgentSkillEntity,
          skills.map((s) => ({ agentId, skillId: known.find((k) => k.key === s.skillKey)!.id, proficiency: s.proficiency })),
        );
      }
      await this.audit.record({ actor, action: AuditAction.AgentSetSkills, entityType: 'agent', entityId: agentId, data: { skills: skills.map((s) => `${s.skillKey}:${s.proficiency}`) } }, manager);
    });
    const agents = await this.listAgents();
    return agents.find((a) => a.id === agentId)!;
  }

  /** Sets where the telephony platform rings the agent (null clears it); audited with the old and new value. */
  async setAgentEndpoint(agentId: string, endpoint: string | null, actor: Actor): Promise<AgentSkillsAdminView> {
    await this.endpoints.set(agentId, endpoint, actor);
    const agents = await this.listAgents();
    return agents.find((a) => a.id === agentId)!;
  }

  private async skillOrFail(manager: EntityManager, key: string): Promise<SkillEntity> {
    const skill = await manager.findOneBy(SkillEntity, { key });
    if (!skill) throw new CatalogChangeError(`Unknown skillKey "${key}"`);
    return skill;
  }

  private async topicView(manager: EntityManager, id: string): Promise<TopicAdminView> {
    return toTopicView(await manager.findOneOrFail(TopicEntity, { where: { id }, relations: { skill: true } }));
  }
}

/** The fields a request gave: validated DTO instances also carry the absent ones as undefined. */
function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function assertIncreasing(steps: readonly EscalationStep[]): void {
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.afterSec <= steps[i - 1]!.afterSec) throw new CatalogChangeError('escalationSteps must be in strictly increasing afterSec');
  }
}

function toTopicView(topic: TopicEntity): TopicAdminView {
  return {
    id: topic.id,
    key: topic.key,
    nameNb: topic.nameNb,
    nameEn: topic.nameEn,
    skillKey: topic.skill!.key,
    minProficiency: topic.minProficiency,
    priority: topic.priority,
    serviceLevelTargetPct: topic.serviceLevelTargetPct,
    serviceLevelThresholdSec: topic.serviceLevelThresholdSec,
    strategy: topic.strategy,
    escalationSteps: topic.escalationSteps,
    callbackTargetMin: topic.callbackTargetMin,
    closingGuidanceNb: topic.closingGuidanceNb,
    closingGuidanceEn: topic.closingGuidanceEn,
    active: topic.active,
  };
}
