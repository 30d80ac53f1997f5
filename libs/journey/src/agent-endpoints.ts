import { AuditAction, AuditService } from '@fc/audit';
import type { Actor } from '@fc/domain';
import { AgentEntity, TransactionRunner } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { AgentNotFoundError } from './journey-errors.js';

/**
 * Where the telephony platform rings an agent (DESIGN §11): set by an administrator, or by the
 * agent's own softphone when it registers (decision 0045). One path for both, so each change is
 * made under the agent's row lock and audited with the old and new value the same way.
 */
@Injectable()
export class AgentEndpoints {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** Sets the agent's endpoint (null clears it); audited as `actor`'s. Setting the value it already has changes nothing and records nothing. */
  async set(agentId: string, endpoint: string | null, actor: Actor): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      const agent = await manager.findOne(AgentEntity, { where: { id: agentId }, lock: { mode: 'pessimistic_write' } });
      if (!agent) throw new AgentNotFoundError();
      if (agent.endpoint === endpoint) return;
      await manager.update(AgentEntity, { id: agentId }, { endpoint });
      await this.audit.record({ actor, action: AuditAction.AgentSetEndpoint, entityType: 'agent', entityId: agentId, data: { from: agent.endpoint, to: endpoint } }, manager);
    });
  }
}
