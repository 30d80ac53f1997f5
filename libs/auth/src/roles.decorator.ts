import type { Role } from '@fc/contracts';
import { SetMetadata } from '@nestjs/common';

export const ROLES = 'fc:roles';

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
