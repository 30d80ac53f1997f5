import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'fc:isPublic';

/** Marks a route that needs no user token (login, health, the telephony platform's own key guard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
