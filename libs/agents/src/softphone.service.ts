import { sipCredentials } from '@fc/auth';
import { AppConfig } from '@fc/config';
import type { SoftphoneRegisteredView, SoftphoneSettingsView } from '@fc/contracts';
import type { AgentActor } from '@fc/domain';
import { AgentEndpoints, AgentNotFoundError } from '@fc/journey';
import { AgentEntity, UserEntity } from '@fc/persistence';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The console's softphone (decision 0045): where it registers, and the agent's endpoint once it
 * has. The SIP address is always computed here from the agent's username and the configured
 * domain, so an agent's calls ring only their own registration.
 */
@Injectable()
export class SoftphoneService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly endpoints: AgentEndpoints,
  ) {}

  /** The softphone's settings for the agent; null when no voice edge is configured for softphones. */
  async settingsFor(agentId: string): Promise<SoftphoneSettingsView | null> {
    const { voiceSoftphoneWsUrl: wsUrl, voiceSipDomain: domain } = this.config;
    if (!wsUrl || !domain) return null;
    const user = await this.userOf(agentId);
    const settings: SoftphoneSettingsView = { wsUrl, sipUri: `sip:${user.username}@${domain}`, displayName: user.displayName };
    if (!this.config.voiceSipSecret) return settings;
    // Only for the agent's own address: the edge checks the credentials name the user it registers.
    const credentials = sipCredentials(this.config.voiceSipSecret, user.username);
    return { ...settings, authorizationUser: credentials.username, password: credentials.password, credentialsExpireAt: credentials.expiresAt.toISOString() };
  }

  /** Sets the agent's endpoint to their softphone's address; audited as the agent's own change. */
  async registered(actor: AgentActor): Promise<SoftphoneRegisteredView> {
    const settings = await this.settingsFor(actor.agentId);
    if (!settings) throw new NotFoundException('No softphone is configured');
    await this.endpoints.set(actor.agentId, settings.sipUri, actor);
    return { endpoint: settings.sipUri };
  }

  private async userOf(agentId: string): Promise<UserEntity> {
    const agent = await this.dataSource.getRepository(AgentEntity).findOneBy({ id: agentId });
    if (!agent) throw new AgentNotFoundError();
    return this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: agent.userId });
  }
}
