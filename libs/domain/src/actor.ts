import type { Role } from '@fc/contracts';

/** Who does something: every change a person makes, and every read of personal data, is audited with it. */
export interface Actor {
  userId: string;
  role: Role;
}

/** The signed-in agent acting on their own work. */
export interface AgentActor extends Actor {
  agentId: string;
}
