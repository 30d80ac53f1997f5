import type { Role, UserAdminView } from '@fc/contracts';
import { iso } from '@fc/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
  agent_id: string | null;
  team: string | null;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.active, a.id AS agent_id, a.team, u.created_at, u.updated_at`;

/** Users as administrators see them (with their agent profile and team), and the end of their sessions. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every user, by username. */
  async findAll(): Promise<UserAdminView[]> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN agents a ON a.user_id = u.id ORDER BY u.username`);
    return rows.map(toView);
  }

  /** One user, read through `manager` (a transaction's, to see its own writes). */
  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserAdminView | undefined> {
    const rows: UserRow[] = await manager.query(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN agents a ON a.user_id = u.id WHERE u.id = $1`, [id]);
    return rows[0] && toView(rows[0]);
  }

  /** Moves the user's token generation on: every access token and dashboard session issued before now is refused. */
  async endSessions(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE users SET token_generation = token_generation + 1, tokens_valid_from = now() WHERE id = $1', [id]);
  }
}

function toView(row: UserRow): UserAdminView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    agentId: row.agent_id,
    team: row.team,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
