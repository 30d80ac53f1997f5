import { Param, ParseUUIDPipe } from '@nestjs/common';

/** A route parameter that must be a UUID (v4, as every id we make); anything else is a 400 before the handler runs. */
export const UuidParam = (name = 'id') => Param(name, new ParseUUIDPipe({ version: '4' }));
