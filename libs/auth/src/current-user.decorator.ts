import type { Actor } from '@fc/domain';
import { ForbiddenException, createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The signed-in person, from the verified access token: the actor of what they do. */
export interface AuthenticatedUser extends Actor {
  username: string;
  agentId: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});

/** A signed-in user acting as an agent. */
export interface AuthenticatedAgent extends AuthenticatedUser {
  agentId: string;
}

/** The acting agent; a user with no agent profile cannot act on calls. */
export function agentActor(user: AuthenticatedUser): AuthenticatedAgent {
  if (!user.agentId) throw new ForbiddenException('This user has no agent profile');
  return { ...user, agentId: user.agentId };
}
