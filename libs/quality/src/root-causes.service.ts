import { AuditAction, AuditService } from '@fc/audit';
import type { AuthenticatedUser } from '@fc/auth';
import type { RootCauseView } from '@fc/contracts';
import { RootCauseEntity, TransactionRunner } from '@fc/persistence';
import { NothingToChangeError } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateRootCauseDto } from './dto/create-root-cause.dto.js';
import type { UpdateRootCauseDto } from './dto/update-root-cause.dto.js';
import { RootCauseExistsError, RootCauseNotFoundError } from './quality-errors.js';

/** Room left between causes by default, so an admin can slot one in between later. */
const SORT_STEP = 10;

/**
 * The root-cause taxonomy (DESIGN §6). Admins add causes and retire them; none is ever deleted,
 * because reviews keep the keys they were tagged with and the insight report still counts them.
 */
@Injectable()
export class RootCausesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** The causes a quality lead may record now, in their order. */
  async listActive(): Promise<RootCauseView[]> {
    return (await this.dataSource.getRepository(RootCauseEntity).find({ where: { active: true }, order: { sortOrder: 'ASC', key: 'ASC' } })).map(toView);
  }

  /** Every cause, retired ones too. */
  async listAll(): Promise<RootCauseView[]> {
    return (await this.dataSource.getRepository(RootCauseEntity).find({ order: { sortOrder: 'ASC', key: 'ASC' } })).map(toView);
  }

  async create(input: CreateRootCauseDto, actor: AuthenticatedUser): Promise<RootCauseView> {
    return this.transactions.run(async ({ manager }) => {
      if (await manager.existsBy(RootCauseEntity, { key: input.key })) throw new RootCauseExistsError(input.key);
      const sortOrder = input.sortOrder ?? ((await manager.maximum(RootCauseEntity, 'sortOrder')) ?? 0) + SORT_STEP;
      const cause = manager.create(RootCauseEntity, { key: input.key, nameNb: input.nameNb.trim(), nameEn: input.nameEn.trim(), sortOrder, active: true });
      await manager.insert(RootCauseEntity, cause);
      await this.audit.record({ actor, action: AuditAction.RootCauseCreate, entityType: 'root_cause', entityId: cause.key, data: { key: cause.key } }, manager);
      return toView(cause);
    });
  }

  async update(key: string, input: UpdateRootCauseDto, actor: AuthenticatedUser): Promise<RootCauseView> {
    const changes: Partial<RootCauseEntity> = {};
    if (input.nameNb !== undefined) changes.nameNb = input.nameNb.trim();
    if (input.nameEn !== undefined) changes.nameEn = input.nameEn.trim();
    if (input.active !== undefined) changes.active = input.active;
    if (input.sortOrder !== undefined) changes.sortOrder = input.sortOrder;
    if (Object.keys(changes).length === 0) throw new NothingToChangeError('nameNb, nameEn, active or sortOrder');
    return this.transactions.run(async ({ manager }) => {
      const cause = await manager.findOne(RootCauseEntity, { where: { key }, lock: { mode: 'pessimistic_write' } });
      if (!cause) throw new RootCauseNotFoundError(key);
      await manager.update(RootCauseEntity, { key }, changes);
      await this.audit.record(
        { actor, action: AuditAction.RootCauseUpdate, entityType: 'root_cause', entityId: key, data: { changed: Object.keys(changes), active: changes.active ?? null } },
        manager,
      );
      return toView({ ...cause, ...changes });
    });
  }
}

function toView(cause: RootCauseEntity): RootCauseView {
  return { key: cause.key, nameNb: cause.nameNb, nameEn: cause.nameEn, active: cause.active, sortOrder: cause.sortOrder };
}
