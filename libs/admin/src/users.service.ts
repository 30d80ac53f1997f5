import { AuditAction, AuditService } from '@fc/audit';
import { AccessTokenVerifier, hashPassword } from '@fc/auth';
import { AgentState, Role, type UserAdminView } from '@fc/contracts';
import { AgentStateConflictError, type Actor } from '@fc/domain';
import { AgentActions, DomainEventBus } from '@fc/journey';
import { AgentEntity, TransactionRunner, UserEntity } from '@fc/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OwnAdministratorAccessError, UserChangeError, UserNotFoundError, UserOnCallError, UsernameTakenError } from './admin-errors.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { UsersRepository } from './users.repository.js';

/**
 * The people who sign in: created with an initial password, changed, deactivated (never deleted:
 * calls, reviews and the audit trail name them), given a new password. An agent who is
 * deactivated or given another role is taken off the phones first; a deactivation, a new role or a
 * new password ends every session the user had, on every api process; every change is audited.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly agentActions: AgentActions,
    private readonly events: DomainEventBus,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async list(): Promise<UserAdminView[]> {
    return this.users.findAll();
  }

  async get(id: string): Promise<UserAdminView> {
    return this.view(this.dataSource.manager, id);
  }

  async create(input: CreateUserDto, actor: Actor): Promise<UserAdminView> {
    const team = normaliseTeam(input.team);
    if (team !== null && input.role !== Role.Agent) throw new UserChangeError('team applies to agents only');
    const endpoint = input.endpoint ?? null;
    if (endpoint !== null && input.role !== Role.Agent) throw new UserChangeError('endpoint applies to agents only');
    // Hashing takes a while and needs no lock: do it before the transaction.
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async ({ manager }) => {
      if (await manager.existsBy(UserEntity, { username: input.username })) throw new UsernameTakenError(input.username);
      const user = await manager.save(manager.create(UserEntity, { username: input.username, displayName: input.displayName.trim(), role: input.role, passwordHash, active: true }));
      if (input.role === Role.Agent) await manager.insert(AgentEntity, { userId: user.id, team, endpoint });
      const data = { username: user.username, role: user.role, team, ...(endpoint !== null ? { endpoint } : {}) };
      await this.audit.record({ actor, action: AuditAction.UserCreate, entityType: 'user', entityId: user.id, data }, manager);
      return this.view(manager, user.id);
    });
  }

  async update(id: string, input: UpdateUserDto, actor: Actor): Promise<UserAdminView> {
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as UpdateUserDto;
    if (Object.keys(given).length === 0) throw new UserChangeError('Nothing to change');
    const before = await this.view(this.dataSource.manager, id);
    const role = given.role ?? before.role;
    const active = given.active ?? before.active;
    if (given.team !== undefined && role !== Role.Agent) throw new UserChangeError('team applies to agents only');
    if (id === actor.userId && (!active || role !== Role.Admin)) {
      throw new OwnAdministratorAccessError();
    }
    // Off the phones before losing them: an offer is revoked and its call re-queued; mid-call is refused.
    const leavesThePhones = before.agentId !== null && before.role === Role.Agent && (!active || role !== Role.Agent);
    if (leavesThePhones) await this.takeOffThePhones(before, actor);

    const after = await this.transactions.run(async ({ manager }) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new UserNotFoundError();
      const changes: Partial<UserEntity> = {};
      if (given.displayName !== undefined) changes.displayName = given.displayName.trim();
      if (given.role !== undefined) changes.role = given.role;
      if (given.active !== undefined) changes.active = given.active;
      if (Object.keys(changes).length > 0) await manager.update(UserEntity, { id }, changes);
      // A new role or a deactivation ends every session opened before it, also past a later reactivation.
      if ((given.role !== undefined && given.role !== user.role) || (given.active === false && user.active)) await this.users.endSessions(manager, id);
      if (role === Role.Agent) {
        const agent = await manager.findOneBy(AgentEntity, { userId: id });
        const team = given.team !== undefined ? normaliseTeam(given.team) : (agent?.team ?? null);
        if (!agent) await manager.insert(AgentEntity, { userId: id, team });
        else if (given.team !== undefined && agent.team !== team) await manager.update(AgentEntity, { id: agent.id }, { team });
      }
      await this.audit.record({ actor, action: AuditAction.UserUpdate, entityType: 'user', entityId: id, data: auditedChange(before, given) }, manager);
      return this.view(manager, id);
    });

    // Every api process reads the user's status afresh (active, role, agent profile, token generation).
    await this.tokens.statusChanged(id);
    if ((before.active && !after.active) || after.role !== before.role) {
      this.events.publish([{ name: 'user.access_revoked', payload: { userId: id, agentId: before.agentId } }]);
    }
    // The agent could have gone available again between taking them off and the change above.
    if (leavesThePhones) await this.takeOffThePhones(after, actor).catch(() => undefined);
    return after;
  }

  async resetPassword(id: string, password: string, actor: Actor): Promise<void> {
    const passwordHash = await hashPassword(password);
    const agentId = await this.transactions.run(async ({ manager }) => {
      const { affected } = await manager.update(UserEntity, { id }, { passwordHash });
      if (!affected) throw new UserNotFoundError();
      // Whoever knew the old password may hold a token made with it: every session ends.
      await this.users.endSessions(manager, id);
      await this.audit.record({ actor, action: AuditAction.UserResetPassword, entityType: 'user', entityId: id }, manager);
      return (await manager.findOneBy(AgentEntity, { userId: id }))?.id ?? null;
    });
    await this.tokens.statusChanged(id);
    this.events.publish([{ name: 'user.access_revoked', payload: { userId: id, agentId } }]);
  }

  private async takeOffThePhones(user: UserAdminView, actor: Actor): Promise<void> {
    const agent = await this.dataSource.manager.findOneBy(AgentEntity, { userId: user.id });
    if (!agent || agent.state === AgentState.Offline) return;
    try {
      await this.agentActions.setAgentState({ userId: actor.userId, role: actor.role, agentId: agent.id }, AgentState.Offline);
    } catch (error) {
      if (error instanceof AgentStateConflictError) {
        throw new UserOnCallError(user.username);
      }
      throw error;
    }
  }

  private async view(manager: EntityManager, id: string): Promise<UserAdminView> {
    const user = await this.users.findById(id, manager);
    if (!user) throw new UserNotFoundError();
    return user;
  }
}

function normaliseTeam(team: string | null | undefined): string | null {
  const trimmed = team?.trim();
  return trimmed ? trimmed : null;
}

/** What the audit trail keeps of a change: the fields and their old and new values (no secrets here). */
function auditedChange(before: UserAdminView, given: UpdateUserDto): { changed: string[]; from: Record<string, string | boolean | null>; to: Record<string, string | boolean | null> } {
  const changed = Object.keys(given);
  const from: Record<string, string | boolean | null> = {};
  const to: Record<string, string | boolean | null> = {};
  for (const field of changed as (keyof UpdateUserDto)[]) {
    from[field] = before[field];
    to[field] = field === 'team' ? normaliseTeam(given.team) : field === 'displayName' ? given.displayName!.trim() : (given[field] as string | boolean);
  }
  return { changed, from, to };
}
