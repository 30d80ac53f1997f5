import type { Role } from './auth.js';

/**
 * A user as administrators see them: who signs in, with which role, and (for agents) in which
 * team. Never the password hash.
 */
export interface UserAdminView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** A deactivated user cannot sign in, and tokens issued before are refused. */
  active: boolean;
  /** The agent profile of a user who takes calls; null for other roles. */
  agentId: string | null;
  team: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/admin/users`. */
export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  /** The initial password; the user is told it out of band. */
  password: string;
  /** Agents only. */
  team?: string | null;
  /** Agents only: where the telephony platform rings them (a sip:/sips: URI or an extension); null or absent for none yet. */
  endpoint?: string | null;
}

/** `PATCH /api/admin/users/:id`: changes what it names. */
export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  team?: string | null;
  active?: boolean;
}

/** `PUT /api/admin/users/:id/password`. */
export interface ResetPasswordRequest {
  password: string;
}

/** What a password must be: long enough to resist guessing, short enough not to burden the KDF. */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

/** Usernames: 2–64 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
