/** PERSISTED IN users.role: NEVER RENAME WITHOUT A MIGRATION. */
export const Role = {
  Agent: 'agent',
  Supervisor: 'supervisor',
  Quality: 'quality',
  Admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  agentId: string | null;
}

export interface LoginResponse {
  accessToken: string;
  user: SessionUser;
}

/** Claims of the access token. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  agentId: string | null;
}
