import { AgentNotFoundError } from '@fc/journey';
import { CallState, type AgentMeView } from '@fc/contracts';
import { AgentEntity, AgentSkillEntity, CallEntity, SkillEntity, TopicEntity, UserEntity } from '@fc/persistence';
import { AGENT_HOLDING_CALL_STATES } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

@Injectable()
export class AgentsReadService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The agent's own view: state, skills, the offer waiting for them and the call they are on. */
  async me(agentId: string): Promise<AgentMeView> {
    const agent = await this.dataSource.getRepository(AgentEntity).findOneBy({ id: agentId });
    if (!agent) throw new AgentNotFoundError();
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: agent.userId });
    const skills = await this.dataSource
      .getRepository(AgentSkillEntity)
      .createQueryBuilder('agentSkill')
      .innerJoin(SkillEntity, 'skill', 'skill.id = agentSkill.skill_id')
      .select(['skill.key AS "skillKey"', 'agentSkill.proficiency AS proficiency'])
      .where('agentSkill.agent_id = :agentId', { agentId })
      .orderBy('skill.key')
      .getRawMany<{ skillKey: string; proficiency: number }>();
    const calls = await this.dataSource.getRepository(CallEntity).findBy({
      agentId,
      state: In([...AGENT_HOLDING_CALL_STATES]),
    });
    const offered = calls.find((c) => c.state === CallState.Offered);
    const active = calls.find((c) => c.state !== CallState.Offered);
    const offerTopic = offered ? await this.dataSource.getRepository(TopicEntity).findOneByOrFail({ id: offered.topicId }) : null;
    const now = Date.now();
    return {
      id: agent.id,
      username: user.username,
      displayName: user.displayName,
      team: agent.team,
      state: agent.state,
      stateReason: agent.stateReason,
      stateSince: agent.stateSince.toISOString(),
      skills,
      offer:
        offered && offerTopic
          ? {
              callId: offered.id,
              direction: offered.direction,
              dialAttempts: offered.dialAttempts,
              topicKey: offerTopic.key,
              language: offered.language,
              waitedSec: offered.queuedAt ? Math.max(0, Math.round((now - offered.queuedAt.getTime()) / 1000)) : 0,
              expiresAt: offered.offerExpiresAt!.toISOString(),
            }
          : null,
      activeCall: active ? { callId: active.id, state: active.state } : null,
    };
  }
}
